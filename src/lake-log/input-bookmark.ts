import { SOURCES } from '../catalog/sources';
import { listSource, type SourceFile } from '../ingest/source-files';
import type { InputFile, SkippedInputs } from './run-manifest';
import { skippedInputs } from './skipped-inputs';

/** One listed input file as the bookmark records it. */
export function inputFile(source: string, file: Pick<SourceFile, 'relPath' | 'size' | 'etag' | 'modified' | 'local'>): InputFile {
  const local = file.local ? { inode: file.local.inode, changedMs: file.local.changedMs } : {};
  return { source, path: file.relPath, size: file.size, ...(file.etag ? { etag: file.etag } : { modified: file.modified, ...local }) };
}

/**
 * Whether a listed file is the delivery the bookmark recorded: the same size, and the same content by the strongest
 * evidence both sides hold: S3's ETag, else a local file's SHA-1, else (bookmarks written before content hashes) its
 * modification time. A local file touched without a change is the same delivery; one edited in place is not.
 */
function sameDelivery(listed: InputFile, consumed: InputFile): boolean {
  if (listed.size !== consumed.size) return false;
  if (listed.etag !== undefined || consumed.etag !== undefined) return listed.etag === consumed.etag;
  if (listed.sha1 !== undefined && consumed.sha1 !== undefined) return listed.sha1 === consumed.sha1;
  return listed.modified === consumed.modified;
}

const keyOf = (file: InputFile) => `${file.source}/${file.path}`;

/** Every data file of the input's sources, as the bookmark records them, in the engines' order (by path). */
export async function listInputFiles(input: string): Promise<InputFile[]> {
  return (await listInput(input)).files;
}

/** The input's listing: every data file of its sources (as listInputFiles), and per source the files not read. */
export async function listInput(input: string): Promise<{ files: InputFile[]; skipped: SkippedInputs[] }> {
  // Concatenated, not push(...listed): a call takes only so many arguments (250,000 song files overflowed the stack).
  let files: InputFile[] = [];
  const skipped: SkippedInputs[] = [];
  for (const source of SOURCES) {
    const listing = await listSource(input, source.folder);
    files = files.concat(listing.files.map((f) => inputFile(source.folder, f)));
    const notRead = skippedInputs(source.folder, listing.skipped);
    if (notRead) skipped.push(notRead);
  }
  return { files, skipped };
}

/** The input against what the lake consumed (its bookmark), file by file. */
export interface InputChanges {
  /** Files the lake has not read. */
  added: InputFile[];
  /** Files read before whose content has changed since (a re-delivery with corrections or more records). */
  changed: InputFile[];
  /** Files read before that are no longer in the input: their rows are still in the lake. */
  gone: InputFile[];
}

export function compareWithBookmark(listed: InputFile[], bookmark: InputFile[]): InputChanges {
  const consumed = new Map(bookmark.map((f) => [keyOf(f), f]));
  const present = new Set(listed.map(keyOf));
  const changes: InputChanges = { added: [], changed: [], gone: bookmark.filter((f) => !present.has(keyOf(f))) };
  for (const file of listed) {
    const before = consumed.get(keyOf(file));
    if (!before) changes.added.push(file);
    else if (!sameDelivery(file, before)) changes.changed.push(file);
  }
  return changes;
}

/** The files a lake has not consumed, in path order: new ones, and re-delivered ones whose content changed. */
export function pendingFiles({ added, changed }: InputChanges): InputFile[] {
  return [...added, ...changed].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
}

/**
 * The bookmark after a run that read `read`: what it replaces (the same path, older content) gives way. A source the
 * run read whole (`rebuilt`: every log file of a --rematch or --rebuild-affected run) is exactly what it read: files
 * gone from the input no longer feed the lake.
 */
export function advanceBookmark(bookmark: InputFile[], read: InputFile[], rebuilt: string[] = []): InputFile[] {
  const paths = new Set(read.map(keyOf));
  return [...bookmark.filter((f) => !paths.has(keyOf(f)) && !rebuilt.includes(f.source)), ...read].sort((a, b) =>
    a.source !== b.source ? (a.source < b.source ? -1 : 1) : a.path < b.path ? -1 : a.path > b.path ? 1 : 0,
  );
}
