import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type pl from 'nodejs-polars';
import type { TableDef } from '../../catalog/types';
import { PROJECT_ROOT } from '../../project-root';
import type { WrittenShare } from './write-table';

/** One writer thread per core: the files are small, so each costs system calls and a footer rewrite, not CPU. */
export const WRITER_THREADS = Math.max(1, os.availableParallelism());

/** What a partition writer thread is given. */
export interface PartitionWriterJob {
  /** storedOrder's frame as Arrow IPC: a thread has its own Polars objects, so the frame travels as bytes. */
  ipc: Uint8Array;
  table: string;
  dir: string;
  fileName: string;
  share: { index: number; of: number };
}

/** The compiled worker script: tests run the TypeScript sources, whose worker must still be JavaScript. */
function workerScript(): string {
  const script = __filename.endsWith('.ts')
    ? path.join(PROJECT_ROOT, 'dist', 'engines', 'local', 'partition-writer-worker.js')
    : path.join(__dirname, 'partition-writer-worker.js');
  if (!fs.existsSync(script)) throw new Error(`${script} is missing: run npm run build`);
  return script;
}

/** Writes the partitions of `sorted` from `threads` worker threads, each its share; resolves when all are written. */
export async function writePartitionsInWorkers(sorted: pl.DataFrame, table: TableDef, dir: string, fileName: string, threads: number): Promise<WrittenShare[]> {
  const ipc = sorted.writeIPC();
  const script = workerScript();
  return Promise.all(
    Array.from({ length: threads }, (_, index) => {
      const job: PartitionWriterJob = { ipc, table: table.name, dir, fileName, share: { index, of: threads } };
      return new Promise<WrittenShare>((resolve, reject) => {
        const worker = new Worker(script, { workerData: job });
        let written: WrittenShare | null = null;
        worker.once('message', (message: WrittenShare) => (written = message));
        worker.once('error', reject);
        worker.once('exit', (code) => {
          if (written) resolve(written);
          else reject(new Error(`${table.name}: partition writer ${index + 1} of ${threads} exited (code ${code}) before it finished`));
        });
      });
    }),
  );
}
