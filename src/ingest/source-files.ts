import * as path from 'node:path';
import { awsCall } from '../storage/aws-errors';
import { openStorage } from '../storage/open-storage';
import type { LocalFileStat, Storage, UnfollowedLink } from '../storage/storage';
import type { ListedFile } from '../core/run-contract';

/** One input file, known by its path relative to the input root so runs and engines name it the same way. */
export interface SourceFile {
  relPath: string;
  size: number;
  /** When it was last written (ms), and its ETag on S3: with the size, what tells a re-delivered file from the one
   *  an incremental run consumed before. */
  modified?: number;
  etag?: string;
  /** A local file's inode and ctime: with size and mtime, whether its content hash from an earlier run still holds. */
  local?: LocalFileStat;
  /** Set when the file is on local disk, so a native reader can open it without a copy. */
  localPath?: string;
  read(): Promise<Buffer>;
}

/** Files the sources are read from: JSON, one document or JSON Lines, plain or gzipped (`.json`, `.jsonl`,
 *  `.ndjson`, each also `.gz`). Anything else (.DS_Store, READMEs, checksums) is not read, and the listing says so. */
export function isDataFile(name: string): boolean {
  return DATA_FILE.test(name) && !isHidden(name);
}

const DATA_FILE = /\.(json|jsonl|ndjson)(\.gz)?$/i;

/** Hadoop's hidden names (`_SUCCESS`, `.DS_Store`, macOS `._x.json`, `_temporary/`): Spark never lists them
 *  as input, so no engine reads them. */
export function isHidden(name: string): boolean {
  return name.startsWith('.') || name.startsWith('_');
}

/** Why a listed file is not read: a hidden name (or under a hidden folder), not a data file (its extension said),
 *  no bytes, or a link the listing did not follow (out of the input, round a loop, to nothing). */
export type SkipReason = 'hidden' | `not a data file (${string})` | 'empty' | UnfollowedLink;

/** A file (or link) below a source folder that no engine reads, by its path relative to the input. */
export interface SkippedFile {
  relPath: string;
  /** Its size; 0 for a link not followed (what it points at is not looked at). */
  size: number;
  reason: SkipReason;
}

/** What is below a source folder: the files read, and every other one with why it is not. */
export interface SourceListing {
  files: SourceFile[];
  skipped: SkippedFile[];
}

/**
 * Every file below input/folder, a folder or an s3:// prefix alike, at any depth, named relative to the input and
 * in a stable (sorted) order: the data files, and the files that are not read with why (hidden names, files or
 * folders; other extensions; empty files; on a local disk, links whose target is outside the input or that loop).
 * Listing is paginated on S3 (`onListed` sees the running count); each read is one GET, retried by the client.
 */
export async function listSource(input: string, folder: string, onListed?: (listed: number) => void): Promise<SourceListing> {
  const storage = openStorage(input);
  const skipped: SkippedFile[] = [];
  // Links exist only on a local disk: there the listing stays inside the input, and names the links it leaves.
  const unfollowed = (key: string, reason: UnfollowedLink) => skipped.push({ relPath: key, size: 0, reason });
  const objects = await awsCall(input, () => storage.list(folder, onListed, unfollowed), 'storage');
  const files: SourceFile[] = [];
  for (const o of objects) {
    const name = path.posix.basename(o.key);
    const reason: SkipReason | null = o.key.split('/').some(isHidden)
      ? 'hidden'
      : !DATA_FILE.test(name)
        ? `not a data file (${extensionOf(name)})`
        : o.size === 0
          ? 'empty'
          : null;
    if (reason) skipped.push({ relPath: o.key, size: o.size, reason });
    else files.push(new StoredSourceFile(storage, o.key, o.size, o.modified.getTime(), o.etag, o.local));
  }
  return { files: sortByRelPath(files), skipped: sortByRelPath(skipped) };
}

/** The data files below input/folder (listSource's `files`). */
export async function listSourceFiles(input: string, folder: string, onListed?: (listed: number) => void): Promise<SourceFile[]> {
  return (await listSource(input, folder, onListed)).files;
}

/** A name's extension as a reason shows it: `.txt`, `.csv.gz`, or `no extension`. */
function extensionOf(name: string): string {
  const ext = /\.[^.]{1,12}(\.gz)?$/i.exec(name)?.[0];
  return ext ? ext.toLowerCase() : 'no extension';
}

/** Files listed before (the run's listing), as listSourceFiles gives them: readable, and local when the input is. */
export function listedSourceFiles(input: string, listed: ListedFile[]): SourceFile[] {
  const storage = openStorage(input);
  return listed.map((f) => new StoredSourceFile(storage, f.path, f.size, f.modified, f.etag, undefined));
}

/**
 * A listed file that reads itself from its storage. One shape for every file and no closure per file: 250,000 song
 * files listed as object literals with a `read` closure (holding its listing's entry) took ~260 MB of heap, which
 * every full garbage collection of the run then traced (Polars' frames request one every few seconds).
 */
class StoredSourceFile implements SourceFile {
  constructor(
    private readonly storage: Storage,
    readonly relPath: string,
    readonly size: number,
    readonly modified: number | undefined,
    readonly etag: string | undefined,
    readonly local: LocalFileStat | undefined,
  ) {}

  get localPath(): string | undefined {
    return this.storage.localPath(this.relPath);
  }

  async read(): Promise<Buffer> {
    const bytes = await this.storage.read(this.relPath);
    if (bytes === null) throw new Error(`${this.storage.locationOf(this.relPath)} disappeared while the input was read`);
    return bytes;
  }
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
