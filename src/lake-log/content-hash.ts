import { runWorker } from '../core/worker-thread';
import { runStartOf } from '../core/run-id';
import { openStorage } from '../storage/open-storage';
import type { InputFile, RunManifest } from './run-manifest';

/**
 * A file whose ctime is this close to (or after) the start of the run that hashed it may have been written again
 * within the same tick of a coarse clock (FAT: 2 s) without its ctime moving: its hash is computed again, as git
 * does for "racily clean" index entries.
 */
const RACY_MARGIN_MS = 2_000;

export interface ContentHashes {
  /**
   * Each listed file's SHA-1, in the listing's order; none when the input needs none (S3). Kept apart from the
   * entries until the bookmark is made: a full run holds them through its build, and a copy of 250,000 entries
   * was 250,000 more objects that every full collection of the run traced.
   */
  sha1s: string[];
  /** How many were hashed now; the others took their hash from the base run's bookmark. */
  hashed: number;
}

/**
 * The input files with their content's SHA-1, on a local folder: there a file edited in place can keep its size
 * and modification time (an editor that restores it, `touch -r`, a copy with `cp -p`), so the bookmark compares
 * content. S3 needs none: its ETag changes with the content. Hashed on a worker thread, so a full run's build goes on
 * meanwhile (1M events, 445 MB of JSON: ~0.3 s of one core).
 * A file the base run's bookmark holds with the same inode, size, mtime and ctime was not written since that run
 * listed it (any write moves the ctime, and nothing sets it back): its hash is taken from there. A day's run over a
 * 30-day folder then hashes the day, not the month (3M events: 1.0 s of a 3.3 s run hashing 15,030 files).
 */
export async function contentHashes(input: string, files: InputFile[], base?: RunManifest | null): Promise<ContentHashes> {
  const storage = openStorage(input);
  if (storage.localPath('') === undefined || files.length === 0) return { sha1s: [], hashed: 0 };
  const known = hashesStillHolding(input, base);
  // Each file's hash from the base run, or undefined: those are hashed now.
  const kept = files.map((f) => known.get(stillHoldingKey(f)));
  const toHash = files.filter((_f, i) => kept[i] === undefined);
  const hashes = toHash.length > 0 ? await runWorker<string[]>('lake-log/content-hash-worker.js', toHash.map((f) => storage.localPath(f.path)!)) : [];
  let next = 0;
  return { sha1s: kept.map((sha1) => sha1 ?? hashes[next++]), hashed: toHash.length };
}

/** The listed files with their hashes (contentHashes over the same files), as the bookmark records them. */
export function withSha1(files: InputFile[], { sha1s }: ContentHashes): InputFile[] {
  return sha1s.length === 0 ? files : files.map((f, i) => ({ ...f, sha1: sha1s[i] }));
}

/** The listed files with their content's SHA-1 (contentHashes and withSha1 at once). */
export async function withContentHashes(input: string, files: InputFile[], base?: RunManifest | null): Promise<InputFile[]> {
  return withSha1(files, await contentHashes(input, files, base));
}

/**
 * The base run's hashes by the evidence that they still hold (source, path, inode, size, mtime, ctime), for files of
 * the same input whose ctime was at least RACY_MARGIN_MS before that run started (and so before it hashed them).
 */
function hashesStillHolding(input: string, base: RunManifest | null | undefined): Map<string, string> {
  const known = new Map<string, string>();
  if (!base?.bookmark || base.input !== input) return known;
  const hashedAfter = runStartOf(base.runId);
  if (hashedAfter === null) return known;
  for (const file of base.bookmark) {
    if (file.sha1 && file.inode !== undefined && file.changedMs !== undefined && file.changedMs < hashedAfter - RACY_MARGIN_MS) {
      known.set(stillHoldingKey(file), file.sha1);
    }
  }
  return known;
}

/** No key for a file listed without its inode and ctime (an older bookmark's entry): it is hashed. */
const stillHoldingKey = (f: InputFile) =>
  f.inode === undefined || f.changedMs === undefined ? '' : `${f.source}/${f.path}\n${f.inode}\n${f.size}\n${f.modified}\n${f.changedMs}`;
