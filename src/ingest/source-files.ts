import * as path from 'node:path';
import { awsCall } from '../storage/aws-errors';
import { openStorage } from '../storage/open-storage';
import type { Storage } from '../storage/storage';
import type { ListedFile } from '../core/run-contract';

/** One input file, known by its path relative to the input root so runs and engines name it the same way. */
export interface SourceFile {
  relPath: string;
  size: number;
  /** When it was last written (ms), and its ETag on S3: with the size, what tells a re-delivered file from the one
   *  an incremental run consumed before. */
  modified?: number;
  etag?: string;
  /** Set when the file is on local disk, so a native reader can open it without a copy. */
  localPath?: string;
  read(): Promise<Buffer>;
}

/** Files the sources are read from; anything else (.DS_Store, READMEs, checksums) is skipped. */
export function isDataFile(name: string): boolean {
  return /\.json(\.gz)?$/i.test(name) && !isHidden(name);
}

/** Hadoop's hidden names (`_SUCCESS`, `.DS_Store`, macOS `._x.json`, `_temporary/`): Spark never lists them
 *  as input, so no engine reads them. */
export function isHidden(name: string): boolean {
  return name.startsWith('.') || name.startsWith('_');
}

/**
 * Every data file below input/folder, a folder or an s3:// prefix alike, at any depth, named relative to the input
 * and in a stable (sorted) order. Hidden names (files or folders) and empty files are skipped. Listing is paginated
 * on S3 (`onListed` sees the running count); each read is one GET, retried by the client.
 */
export async function listSourceFiles(input: string, folder: string, onListed?: (listed: number) => void): Promise<SourceFile[]> {
  const storage = openStorage(input);
  const objects = await awsCall(input, () => storage.list(folder, onListed), 'storage');
  const files = objects
    .filter((o) => o.size > 0 && isDataFile(path.posix.basename(o.key)) && !o.key.split('/').some(isHidden))
    .map((o) => ({ relPath: o.key, size: o.size, modified: o.modified.getTime(), ...(o.etag ? { etag: o.etag } : {}), localPath: storage.localPath(o.key), read: () => readExisting(storage, o.key) }));
  return sortByRelPath(files);
}

/** Files listed before (the run's listing), as listSourceFiles gives them: readable, and local when the input is. */
export function listedSourceFiles(input: string, listed: ListedFile[]): SourceFile[] {
  const storage = openStorage(input);
  return listed.map((f) => ({ ...f, localPath: storage.localPath(f.relPath), read: () => readExisting(storage, f.relPath) }));
}

async function readExisting(storage: Storage, key: string): Promise<Buffer> {
  const bytes = await storage.read(key);
  if (bytes === null) throw new Error(`${storage.locationOf(key)} disappeared while the input was read`);
  return bytes;
}

/**
 * Files fetched at once: S3 reads are latency-bound (one request per small object), so far more of them are
 * in flight than local reads. Local reads go through libuv's four threads: more at once only queue there, and
 * hold more buffers (at 1M events, 4 rather than 16 finished the log files' read ~0.6 s sooner).
 * SPARKIFY_READ_CONCURRENCY overrides both.
 */
export function readConcurrency(input: string): number {
  const override = Number(process.env.SPARKIFY_READ_CONCURRENCY);
  if (Number.isInteger(override) && override > 0) return override;
  return openStorage(input).localPath('') === undefined ? 64 : 4;
}

/** The stable order of input files (by code point, not locale), the same for every lister. */
export function sortByRelPath<T extends { relPath: string }>(files: T[]): T[] {
  return files.sort((a, b) => (a.relPath < b.relPath ? -1 : a.relPath > b.relPath ? 1 : 0));
}
