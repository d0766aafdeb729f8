import pl from 'nodejs-polars';
import type { SourceDef } from '../../catalog/types';
import type { SourceFile } from '../../io/source-files';
import { decodeText, numberedLines } from '../../io/text-lines';
import { quarantined, type QuarantinedRecord } from '../../quality/quarantine';
import { recordProblem } from '../../quality/record-validator';
import { polarsRawType } from './polars-types';
import { mapPool } from '../../io/pool';

export interface SourceRead {
  source: string;
  frame: pl.DataFrame;
  quarantine: QuarantinedRecord[];
  files: number;
  bytes: number;
  /** Records loaded into the frame. */
  records: number;
}

/** Lineage columns: they order duplicate deliveries deterministically in the staging models. */
const LINEAGE = ['_file', '_line'];

/**
 * Reads a source's files into one frame with the declared types, validating each record; bad records go to
 * the quarantine with their file, line and reason. Files are fetched with bounded concurrency.
 */
export async function readSource(
  files: SourceFile[],
  source: SourceDef,
  onFile: (done: number, bytes: number) => void = () => {},
  concurrency = 16,
): Promise<SourceRead> {
  const columns = new Map<string, unknown[]>([...source.fields.map((f) => f.name), ...LINEAGE].map((name) => [name, []]));
  const quarantine: QuarantinedRecord[] = [];
  let records = 0;
  let bytes = 0;
  let done = 0;

  const accept = (record: Record<string, unknown>, file: string, line: number) => {
    for (const field of source.fields) columns.get(field.name)!.push(record[field.name] ?? null);
    columns.get('_file')!.push(file);
    columns.get('_line')!.push(line);
    records++;
  };

  // Fetching runs concurrently; parsing happens in file order as results arrive, which keeps rows deterministic.
  await mapPool(files, concurrency, (file) => file.read(), (file, content) => {
    bytes += content.length;
    parseFile(file.relPath, content, source, accept, (q) => quarantine.push(q));
    onFile(++done, bytes);
  });

  const series = [...source.fields.map((f) => pl.Series(f.name, columns.get(f.name)!, polarsRawType(f.type)))];
  series.push(pl.Series('_file', columns.get('_file')!, pl.Utf8), pl.Series('_line', columns.get('_line')!, pl.Int64));
  return { source: source.name, frame: pl.DataFrame(series), quarantine, files: files.length, bytes, records };
}

function parseFile(
  relPath: string,
  content: Buffer,
  source: SourceDef,
  accept: (record: Record<string, unknown>, file: string, line: number) => void,
  reject: (q: QuarantinedRecord) => void,
): void {
  let text: string;
  try {
    text = decodeText(content);
  } catch (err) {
    reject(quarantined(source.name, relPath, null, `cannot decode file: ${(err as Error).message}`, content.toString('latin1')));
    return;
  }
  const lines = numberedLines(text);
  const parsed = lines.map(({ line, text: raw }) => {
    try {
      return { line, raw, value: JSON.parse(raw) as unknown, error: null };
    } catch (err) {
      return { line, raw, value: undefined, error: `not valid JSON: ${(err as Error).message}` };
    }
  });
  // A pretty-printed JSON object spans lines: when no line parses alone but the whole file does, take the file.
  if (parsed.length > 1 && parsed.every((p) => p.error)) {
    try {
      parsed.splice(0, parsed.length, { line: 1, raw: text, value: JSON.parse(text), error: null });
    } catch {
      // Not a single document either: each line is quarantined on its own below.
    }
  }
  for (const p of parsed) {
    const problem = p.error ?? recordProblem(p.value, source);
    if (problem) reject(quarantined(source.name, relPath, p.line, problem, p.raw));
    else accept(p.value as Record<string, unknown>, relPath, p.line);
  }
}
