import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type pl from 'nodejs-polars';
import { PROJECT_ROOT } from '../../project-root';
import type { PartitionRun, WrittenShare } from './write-table';

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

/** The compiled worker script: tests run the TypeScript sources, whose worker must still be JavaScript. */
function workerScript(): string {
  const script = __filename.endsWith('.ts')
    ? path.join(PROJECT_ROOT, 'dist', 'engines', 'local', 'partition-writer-worker.js')
    : path.join(__dirname, 'partition-writer-worker.js');
  if (!fs.existsSync(script)) throw new Error(`${script} is missing: run npm run build`);
  return script;
}

/** Writes the runs of `stored` from `threads` worker threads, every `threads`-th run each; resolves when all are written. */
export async function writePartitionsInWorkers(stored: pl.DataFrame, runs: PartitionRun[], dir: string, fileName: string, threads: number): Promise<WrittenShare[]> {
  const ipc = stored.writeIPC();
  const script = workerScript();
  return Promise.all(
    Array.from({ length: threads }, (_, index) => {
      const job: PartitionWriterJob = { ipc, runs: runs.filter((_run, i) => i % threads === index), dir, fileName };
      return new Promise<WrittenShare>((resolve, reject) => {
        const worker = new Worker(script, { workerData: job });
        let written: WrittenShare | null = null;
        worker.once('message', (message: WrittenShare) => (written = message));
        worker.once('error', reject);
        worker.once('exit', (code) => {
          if (written) resolve(written);
          else reject(new Error(`${dir}: partition writer ${index + 1} of ${threads} exited (code ${code}) before it finished`));
        });
      });
    }),
  );
}
