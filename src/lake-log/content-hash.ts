import { runWorker } from '../core/worker-thread';
import { openStorage } from '../storage/open-storage';
import type { InputFile } from './run-manifest';

/**
 * The input files with their content's SHA-1, on a local folder: there a file edited in place can keep its size
 * and modification time (an editor that restores it, `touch -r`, a copy with `cp -p`), so the bookmark compares
 * content. S3 needs none: its ETag changes with the content. Hashed on a worker thread, so a full run's build goes on
 * meanwhile (1M events, 445 MB of JSON: ~0.3 s of one core).
 */
export async function withContentHashes(input: string, files: InputFile[]): Promise<InputFile[]> {
  const storage = openStorage(input);
  if (storage.localPath('') === undefined || files.length === 0) return files;
  const paths = files.map((f) => storage.localPath(f.path)!);
  const hashes = await runWorker<string[]>('lake-log/content-hash-worker.js', paths);
  return files.map((f, i) => ({ ...f, sha1: hashes[i] }));
}
