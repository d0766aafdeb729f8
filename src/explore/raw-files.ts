import * as path from 'node:path';
import type { SourceDef } from '../catalog/types';
import { listSourceFiles } from '../ingest/source-files';
import { decodeText, numberedLines } from '../ingest/text-lines';

export interface FileStats {
  source: string;
  files: number;
  /** Distinct folders holding the files (the song data nests three letters deep). */
  folders: number;
  bytes: number;
  minBytes: number;
  medianBytes: number;
  maxBytes: number;
}

/** Counts and sizes of one source's data files: the evidence for the small-files problem. */
export async function sourceFileStats(input: string, source: SourceDef): Promise<FileStats> {
  const files = await listSourceFiles(input, source.folder);
  const sizes = files.map((f) => f.size).sort((a, b) => a - b);
  return {
    source: source.folder,
    files: files.length,
    folders: new Set(files.map((f) => path.posix.dirname(f.relPath))).size,
    bytes: sizes.reduce((a, b) => a + b, 0),
    minBytes: sizes[0] ?? 0,
    medianBytes: sizes.length === 0 ? 0 : sizes[Math.floor((sizes.length - 1) / 2)],
    maxBytes: sizes[sizes.length - 1] ?? 0,
  };
}

/** Each data file's size in bytes, for a histogram. */
export async function sourceFileSizes(input: string, source: SourceDef): Promise<number[]> {
  return (await listSourceFiles(input, source.folder)).map((f) => f.size);
}

/** The first `count` records of a source as they are on disk (parsed JSON, nothing fixed). */
export async function sampleRawRecords(input: string, source: SourceDef, count: number): Promise<Record<string, unknown>[]> {
  const records: Record<string, unknown>[] = [];
  for (const file of await listSourceFiles(input, source.folder)) {
    for (const { text } of numberedLines(decodeText(await file.read()))) {
      records.push(JSON.parse(text) as Record<string, unknown>);
      if (records.length >= count) return records;
    }
  }
  return records;
}
