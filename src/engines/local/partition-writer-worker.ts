import { parentPort, workerData } from 'node:worker_threads';
import pl from 'nodejs-polars';
import { tableByName } from '../../catalog/tables';
import type { PartitionWriterJob } from './partition-writers';
import { writePartitions } from './write-table';

// A worker thread of writePartitionsInWorkers: writes its share of a table's partition files, reports what it wrote.
const job = workerData as PartitionWriterJob;
const sorted = pl.readIPC(Buffer.from(job.ipc.buffer, job.ipc.byteOffset, job.ipc.byteLength));
parentPort!.postMessage(writePartitions(sorted, tableByName(job.table), job.dir, job.fileName, job.share));
