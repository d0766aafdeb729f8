import * as fs from 'node:fs';
import pl from 'nodejs-polars';
import type { SourceDef } from '../catalog/types';
import { UserError } from '../errors';
import { formatBytes } from '../format';
import { mapPool, OrderedLimiter } from '../pool';
import type { SourceFile } from './source-files';
import { hasBom, isGzip, numberedLines, payloadBytes } from './text-lines';
import { quarantined as quarantinedRecord, type QuarantinedRecord } from '../core/quarantined-record';
import { duplicateKey } from './duplicate-keys';
import { recordProblem } from './record-validator';
import { parseCleanNdjson } from './native-ndjson';
import type { PayloadCheck } from './native-text-check';
import { TextChecks } from './text-checks';
import { polarsRawType } from '../core/polars-types';
import type { FieldDrift } from '../core/run-contract';
import { DriftTally } from './schema-drift';

export interface SourceRead {
  source: string;
  frame: pl.DataFrame;
  /** The quarantined records, unless they went to ReadOptions.quarantine (then empty). */
  quarantine: QuarantinedRecord[];
  /** How many records were quarantined (wherever they went). */
  quarantined: number;
  files: number;
  bytes: number;
  /** Records loaded into the frame. */
  records: number;
  /** Files read by Polars' native reader (the rest were parsed record by record). */
  nativeFiles: number;
  /** Fields the records held but the source does not declare, and declared fields absent from whole files. */
  drift: FieldDrift[];
}

export interface ReadOptions {
  /** Files fetched at once (matters for object stores). */
  concurrency?: number;
  /** Files at least this big try Polars' native reader first; small ones (song files) are quicker in JS. */
  nativeMinBytes?: number;
  /** Polars parses a file larger than twice this in pieces of about this size (native-ndjson.ts). */
  parsePieceBytes?: number;
  /** Files fetched ahead of the one being parsed (default twice the concurrency): bounds the bytes held. */
  lookahead?: number;
  /**
   * When set, each file's loaded records are handed here as a frame (in file order) instead of being kept, and
   * the returned frame is empty: a large input then never sits in memory as a whole.
   */
  spill?: (frame: pl.DataFrame) => void | Promise<void>;
  /**
   * When set, each quarantined record is handed here as it is found (in file order, then line order) instead of
   * being kept in SourceRead.quarantine: a quarantine of any size then never sits in memory (QuarantineSink).
   */
  quarantine?: (record: QuarantinedRecord) => void;
}

const DEFAULT_NATIVE_MIN_BYTES = 256 * 1024;
/**
 * Files Polars parses at once. One parse already uses every core; a second keeps them busy while the first one's
 * frame is handed over. More only hold memory and contend: reading 1M events 16 files at a time, every fetched file
 * parsing at once took 10.5 s of CPU, two at a time 7.7 s (an S3 read fetches 64 at a time).
 */
const PARSES_AT_ONCE = 2;
/** V8's longest string (2^29 - 24 characters): the exact reader decodes a file into one. */
const EXACT_READER_MAX_BYTES = 2 ** 29 - 24;

/**
 * Lineage: `_seq` = file index (in sorted path order) × 2^32 + line number. It orders records as the input
 * does, so "first delivery wins" means the same on every engine.
 */
export const SEQ_COLUMN = '_seq';
const LINES_PER_FILE = 2 ** 32;

/**
 * Reads a source's files into one frame with the declared types, validating each record; bad records go to
 * the quarantine with their file, line and reason. Files are fetched with bounded concurrency.
 */
export async function readSource(
  files: SourceFile[],
  source: SourceDef,
  onFile: (done: number, bytes: number) => void = () => {},
  { concurrency = 16, nativeMinBytes = DEFAULT_NATIVE_MIN_BYTES, parsePieceBytes, lookahead, spill, quarantine: sink }: ReadOptions = {},
): Promise<SourceRead> {
  const columns = new Map<string, unknown[]>([...source.fields.map((f) => f.name), SEQ_COLUMN].map((name) => [name, []]));
  const nativeFrames: pl.DataFrame[] = [];
  const quarantine: QuarantinedRecord[] = [];
  let quarantined = 0;
  const reject = (q: QuarantinedRecord) => {
    quarantined++;
    if (sink) sink(q);
    else quarantine.push(q);
  };
  const drift = new DriftTally(source);
  let bytes = 0;
  let done = 0;
  let spilled = 0;
  let nativeFiles = 0;

  const accept = (record: Record<string, unknown>, seq: number) => {
    for (const field of source.fields) columns.get(field.name)!.push(record[field.name] ?? null);
    columns.get(SEQ_COLUMN)!.push(seq);
  };

  // Files are fetched concurrently and consumed one at a time in file order, which keeps rows deterministic. Polars
  // starts parsing a file as soon as it is fetched, on its own threads, and a worker thread checks its text at the
  // same time (text-checks.ts); this thread meanwhile keeps or spills the frames of the files before it.
  const parses = new OrderedLimiter(PARSES_AT_ONCE);
  const checks = new TextChecks(source);
  const fetch = async (file: SourceFile, index: number): Promise<Fetched> => {
    const large = file.size >= nativeMinBytes;
    // A plain file on local disk is parsed by Polars from its path and checked piece by piece from disk: its bytes
    // are never held whole, unless the exact reader needs them.
    if (large && file.localPath && isPlainJsonFile(file.localPath)) {
      const localPath = file.localPath;
      return { bytes: file.size, parsing: parse(index, localPath), checking: settled(checks.file(localPath)) };
    }
    const content = await file.read();
    const payload = decodedPayload(content);
    if (!(payload instanceof Buffer) || !large) return { bytes: content.length, content, payload, parsing: null };
    const parsing = parse(index, payload === content && file.localPath ? file.localPath : payload);
    return { bytes: content.length, content, payload, parsing, checking: settled(checks.payload(payload)) };
  };
  const parse = (index: number, json: string | Buffer) => settled(parses.run(index, () => parseCleanNdjson(json, source, parsePieceBytes)));
  const indexed = files.map((file, index) => ({ file, index }));
  // Each file in turn, in file order: its native frame, or its records read one by one (and the quarantine's).
  const consume = async ({ file, index }: { file: SourceFile; index: number }, fetched: Fetched) => {
    bytes += fetched.bytes;
    const base = index * LINES_PER_FILE;
    const native = fetched.parsing ? await readNative(file, fetched.parsing, fetched.checking!, base, drift) : null;
    if (native) {
      nativeFiles++;
      nativeFrames.push(native);
    } else {
      // A local file Polars was to read alone is read whole now: the exact reader decides on it.
      const content = fetched.content ?? (await file.read());
      const payload = fetched.payload ?? decodedPayload(content);
      if (payload instanceof Error) {
        reject(quarantinedRecord(source.name, file.relPath, null, `cannot decode file: ${payload.message}`, content.toString('latin1')));
      } else {
        const record = (r: Record<string, unknown>, line: number) => {
          drift.record(file.relPath, line, r);
          accept(r, base + line);
        };
        if (payload.length > EXACT_READER_MAX_BYTES) {
          throw new UserError(
            `${file.relPath} (${formatBytes(payload.length)}) is not clean JSON Lines, and reading it record by record holds it as one string, at most ${formatBytes(EXACT_READER_MAX_BYTES)}: split it into smaller files`,
          );
        }
        parseRecords(file.relPath, payload.toString('utf8'), source, record, reject);
        drift.endFile(file.relPath);
      }
    }
    if (spill) {
      for (const frame of [parsedFrame(source, columns), ...nativeFrames.splice(0)]) {
        if (frame.height === 0) continue;
        spilled += frame.height;
        await spill(frame);
      }
      for (const values of columns.values()) values.length = 0;
    }
    onFile(++done, bytes);
  };
  try {
    await mapPool(indexed, concurrency, ({ file, index }) => fetch(file, index), consume, lookahead);
  } finally {
    await checks.close();
  }

  const parsed = parsedFrame(source, columns);
  if (spill) return { source: source.name, frame: parsed, quarantine, quarantined, files: files.length, bytes, records: spilled, nativeFiles, drift: drift.result() };
  // Not rechunked: the files' frames are shared as chunks rather than copied into one, which held both copies
  // at once (10M events: 8.3 GB -> 5.9 GB after the read, and faster; the models run as fast on chunks).
  const frame = nativeFrames.length === 0 ? parsed : pl.concat([parsed, ...nativeFrames], { how: 'vertical', rechunk: false });
  return { source: source.name, frame, quarantine, quarantined, files: files.length, bytes, records: frame.height, nativeFiles, drift: drift.result() };
}

/** The records parsed one by one, as a frame with the declared types. */
function parsedFrame(source: SourceDef, columns: Map<string, unknown[]>): pl.DataFrame {
  return pl.DataFrame([
    ...source.fields.map((f) => pl.Series(f.name, columns.get(f.name)!, polarsRawType(f.type))),
    pl.Series(SEQ_COLUMN, columns.get(SEQ_COLUMN)!, pl.Int64),
  ]);
}

/**
 * A fetched file: its size, and, unless Polars reads it from disk alone, its bytes and JSON bytes (or why they
 * cannot be had: a broken gzip). When large, Polars' parse under way and the check of its text to come.
 */
interface Fetched {
  bytes: number;
  content?: Buffer;
  payload?: Buffer | Error;
  parsing: Promise<pl.DataFrame | null> | null;
  checking?: Promise<PayloadCheck | null>;
}

/** A promise that is awaited by the consumer later; this only keeps one nobody waits for any more (the read failed)
 *  from being reported as unhandled. */
function settled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => {});
  return promise;
}

/** The native reader's frame of a file, once the check of its text agrees; null leaves the file to the exact reader. */
async function readNative(file: SourceFile, parsing: Promise<pl.DataFrame | null>, checking: Promise<PayloadCheck | null>, base: number, drift: DriftTally): Promise<pl.DataFrame | null> {
  // A file the check rejects was parsed for nothing, but such files are rare and the exact reader reads them anyway.
  const text = await checking;
  const frame = await parsing;
  // Polars and this reader must agree on which lines hold records; if not, let the exact reader decide.
  if (!text || !frame || text.records !== frame.height) return null;
  // A record with a key twice is quarantined by the exact reader; Polars would load its first value. Each key
  // written with a value other than null fills one cell, unless it repeats a key of its record: more such keys in
  // the text than non-null cells in the frame means a duplicate (native-text-check.ts, KeyCounts).
  if (text.valuedKeys !== nonNullCells(frame, text.declaredKeys)) return null;
  drift.nativeFile(file.relPath, text.declaredKeys, frame.height);
  // Lines 1..n, as in a file without blank lines, are numbered by Polars rather than copied from JavaScript.
  return text.lines === null
    ? frame.withColumn(pl.intRange(base + 1, base + frame.height + 1, 1, pl.Int64).alias(SEQ_COLUMN))
    : frame.withColumn(pl.Series(SEQ_COLUMN, text.lines.map((line) => base + line), pl.Int64));
}

/** The frame's non-null cells in the declared columns the file's text holds. */
function nonNullCells(frame: pl.DataFrame, columns: Set<string>): number {
  let cells = 0;
  for (const name of columns) cells += frame.height - frame.getColumn(name).nullCount();
  return cells;
}

/**
 * Whether a local file's JSON bytes are the file as stored: neither gzip nor behind a BOM (its first bytes tell).
 * False when it cannot be opened: the whole read then says why, as for any file.
 */
function isPlainJsonFile(localPath: string): boolean {
  const head = Buffer.alloc(3);
  let fd: number;
  try {
    fd = fs.openSync(localPath, 'r');
  } catch {
    return false;
  }
  try {
    const got = fs.readSync(fd, head, 0, head.length, 0);
    return !isGzip(head.subarray(0, got)) && !hasBom(head.subarray(0, got));
  } finally {
    fs.closeSync(fd);
  }
}

/** The file's JSON bytes, or the error that keeps them from being had (a broken gzip): the file is then quarantined. */
function decodedPayload(content: Buffer): Buffer | Error {
  try {
    return payloadBytes(content);
  } catch (err) {
    return err as Error;
  }
}

/**
 * One record's JSON text parsed: its value, or why it cannot be loaded whatever its fields: not JSON, or an object
 * (at any depth) with a key twice (`duplicate key "userId"`: JSON.parse would keep the last value, Polars the first;
 * every engine quarantines it instead, src/ingest/duplicate-keys.ts). `valid`: the text is JSON.
 */
function parseRecord(raw: string): { value: unknown; error: string | null; valid: boolean } {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (err) {
    return { value: undefined, error: `not valid JSON: ${(err as Error).message}`, valid: false };
  }
  const key = duplicateKey(raw, value);
  return { value, error: key === null ? null : duplicateKeyReason(key), valid: true };
}

export function duplicateKeyReason(key: string): string {
  return `duplicate key ${JSON.stringify(key)}`;
}

/** The exact reader: every line parsed and checked on its own. */
function parseRecords(
  relPath: string,
  text: string,
  source: SourceDef,
  accept: (record: Record<string, unknown>, line: number) => void,
  reject: (q: QuarantinedRecord) => void,
): void {
  const parsed = numberedLines(text).map(({ line, text: raw }) => ({ line, raw, ...parseRecord(raw) }));
  // A pretty-printed JSON object spans lines: when no line parses alone but the whole file does, take the file.
  if (parsed.length > 1 && parsed.every((p) => p.error)) {
    const whole = parseRecord(text);
    // Not a single document either: each line is quarantined on its own below.
    if (whole.valid) parsed.splice(0, parsed.length, { line: 1, raw: text, ...whole });
  }
  for (const p of parsed) {
    const problem = p.error ?? recordProblem(p.value, source);
    if (problem) reject(quarantinedRecord(source.name, relPath, p.line, problem, p.raw));
    else accept(p.value as Record<string, unknown>, p.line);
  }
}
