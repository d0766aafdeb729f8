import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { PROJECT_ROOT } from '../project-root';

/**
 * Runs a compiled worker script (`dist/<script>`, a path like `engines/local/partition-writer-worker.js`) with
 * `workerData`, and resolves with the one message it posts before it exits. The compiled script even when the
 * caller runs from the TypeScript sources (the tests): a worker thread must be JavaScript.
 */
export function runWorker<T>(script: string, workerData: unknown): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const worker = startWorker(script, workerData);
    let result: { value: T } | null = null;
    worker.once('message', (message: T) => (result = { value: message }));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (result) resolve(result.value);
      else reject(new Error(`worker ${script} exited (code ${code}) before it reported`));
    });
  });
}

/** Starts a compiled worker script (as runWorker names it) with `workerData`: for a worker that answers many messages. */
export function startWorker(script: string, workerData: unknown): Worker {
  const compiled = path.join(PROJECT_ROOT, 'dist', script);
  if (!fs.existsSync(compiled)) throw new Error(`${compiled} is missing: run npm run build`);
  return new Worker(compiled, { workerData });
}
