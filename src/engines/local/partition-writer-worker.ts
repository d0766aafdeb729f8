import { parentPort, workerData } from 'node:worker_threads';
import pl from 'nodejs-polars';
import type { PartitionWriterJob } from './partition-writers';
import { writePartitions } from './write-partitions';

// A worker thread of writePartitionsInWorkers: writes its share of a table's partition files, reports what it wrote.
const job = workerData as PartitionWriterJob;
const stored = pl.readIPC(Buffer.from(job.ipc.buffer, job.ipc.byteOffset, job.ipc.byteLength));
parentPort!.postMessage(writePartitions(stored, job.runs, job.dir, job.fileName));
