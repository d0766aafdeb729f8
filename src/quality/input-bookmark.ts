import { SOURCES } from '../catalog/sources';
import { listSourceFiles, type SourceFile } from '../ingest/source-files';
import type { InputFile } from './run-manifest';

/** One listed input file as the bookmark records it. */
export function inputFile(source: string, file: Pick<SourceFile, 'relPath' | 'size' | 'etag' | 'modified'>): InputFile {
  return { source, path: file.relPath, size: file.size, ...(file.etag ? { etag: file.etag } : { modified: file.modified }) };
}

/** What makes a file the same delivery: its path, size, and ETag (S3) or modification time (a folder). */
function identity(file: InputFile): string {
  return JSON.stringify([file.source, file.path, file.size, file.etag ?? file.modified ?? null]);
}

/** Every data file of the input's sources, as the bookmark records them, in the engines' order (by path). */
export async function listInputFiles(input: string): Promise<InputFile[]> {
  // Concatenated, not push(...listed): a call takes only so many arguments (250,000 song files overflowed the stack).
  let files: InputFile[] = [];
  for (const source of SOURCES) files = files.concat((await listSourceFiles(input, source.folder)).map((f) => inputFile(source.folder, f)));
  return files;
}

/** The listed files a lake has not consumed: new ones, and re-delivered ones whose size or ETag/mtime changed. */
export function pendingFiles(listed: InputFile[], bookmark: InputFile[]): InputFile[] {
  const consumed = new Set(bookmark.map(identity));
  return listed.filter((f) => !consumed.has(identity(f)));
}

/** The bookmark after a run that read `read`: what it replaces (the same path, older content) gives way. */
export function advanceBookmark(bookmark: InputFile[], read: InputFile[]): InputFile[] {
  const paths = new Set(read.map((f) => `${f.source}/${f.path}`));
  return [...bookmark.filter((f) => !paths.has(`${f.source}/${f.path}`)), ...read].sort((a, b) =>
    a.source !== b.source ? (a.source < b.source ? -1 : 1) : a.path < b.path ? -1 : a.path > b.path ? 1 : 0,
  );
}
