import * as os from 'node:os';
import type pl from 'nodejs-polars';
import { runWorker } from '../../core/worker-thread';
import type { PartitionRun, WrittenShare } from './write-partitions';

/** One writer thread per core: the files are small, so each costs system calls and a footer rewrite, not CPU. */
export const WRITER_THREADS = Math.max(1, os.availableParallelism());

/** What a partition writer thread is given. */
export interface PartitionWriterJob {
  /** The stored columns as Arrow IPC: a thread has its own Polars objects, so the frame travels as bytes. */
  ipc: Uint8Array;
  /** This thread's share of the table's files. */
  runs: PartitionRun[];
  dir: string;
  fileName: string;
}

/** Writes the runs of `stored` from `threads` worker threads, every `threads`-th run each; resolves when all are written. */
export async function writePartitionsInWorkers(stored: pl.DataFrame, runs: PartitionRun[], dir: string, fileName: string, threads: number): Promise<WrittenShare[]> {
  const ipc = stored.writeIPC();
  return Promise.all(
    Array.from({ length: threads }, (_, index) => {
      const job: PartitionWriterJob = { ipc, runs: runs.filter((_run, i) => i % threads === index), dir, fileName };
      return runWorker<WrittenShare>('engines/local/partition-writer-worker.js', job).catch((err: Error) => {
        throw new Error(`${dir}: partition writer ${index + 1} of ${threads}: ${err.message}`);
      });
    }),
  );
}
