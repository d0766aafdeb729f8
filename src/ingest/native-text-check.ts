import * as fs from 'node:fs';
import type { SourceDef } from '../catalog/types';
import { forEachNonBlankLine } from './text-lines';

/**
 * What Polars' native NDJSON reader would pass over without a word, found in a file's raw JSON text: a key the
 * source does not declare (Polars drops it; drift must count it) and a number or object in a string field (Polars
 * turns it into its text; it must be quarantined). A file with either is read record by record instead.
 *
 * One regular expression finds both in one pass. In valid JSON a key follows `{` or `,` (and white space), and
 * a string value cannot hold either followed by an unescaped quote: so it looks at keys, never at text inside
 * values. Anchoring on `{`/`,` is also what makes it cheap: on a 17 MB log file, ~45 ms against ~350 ms for
 * collecting every quoted string followed by a colon. One lookahead per key (is it a declared non-string field, or
 * a string field whose value is a string or null?) rather than one per kind of problem saves ~25% more.
 * Invalid JSON is Polars' to refuse.
 */

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface Patterns {
  problem: RegExp;
  declared: Array<[string, RegExp]>;
}

const patternsBySource = new Map<SourceDef, Patterns>();

function patternsFor(source: SourceDef): Patterns {
  let patterns = patternsBySource.get(source);
  if (!patterns) {
    const names = (fields: SourceDef['fields']) => fields.map((f) => escapeRegExp(f.name)).join('|');
    const strings = source.fields.filter((f) => f.type === 'string');
    const others = source.fields.filter((f) => f.type !== 'string');
    // The keys that are fine where they stand; any other key (followed by its colon) is a problem. A declared key
    // is fine only with its colon right after it (as every JSON writer puts it): so each key ends with `":`, which
    // countKeys relies on; a file that writes `"ts" : 1` is read by the exact reader.
    const fine = [
      others.length > 0 && `(?:${names(others)})":`,
      strings.length > 0 && `(?:${names(strings)})":\\s*(?:"|null\\b)`,
    ].filter(Boolean);
    patterns = {
      problem: new RegExp(`[{,]\\s*"(?!${fine.length > 0 ? fine.join('|') : '(?!)'})(?:[^"\\\\]|\\\\.)*"\\s*:`),
      declared: source.fields.map((f) => [f.name, new RegExp(`[{,]\\s*"${escapeRegExp(f.name)}"\\s*:`)]),
    };
    patternsBySource.set(source, patterns);
  }
  return patterns;
}

/**
 * Checks one piece of JSON text (`structure`: its bytes one character each; only ASCII matters here): the declared
 * keys it uses (a declared field absent from a whole file is drift too), or null when the file needs the exact
 * reader (an undeclared key, or a non-string value in a string field).
 */
export function checkTextForPolars(structure: string, source: SourceDef): Set<string> | null {
  const { problem, declared } = patternsFor(source);
  if (problem.test(structure)) return null;
  // Each declared key is usually found within the first record, so these cost next to nothing.
  return new Set(declared.filter(([, pattern]) => pattern.test(structure)).map(([name]) => name));
}

/** A file's bytes in memory are looked at this much at a time: V8 strings end at 512 MB, and a day's log can be larger. */
const PIECE_BYTES = 128 * 2 ** 20;
/**
 * A local file is read this much at a time into one reused buffer, never whole: at 1M events, checking the 30 log
 * files so took ~0.9 s of CPU against ~1.8 s reading each whole (its buffer and its text held at once, and the
 * garbage collector's work on them). Measured over the same files: 1 MB pieces ~1.0 s, 8 MB ~1.6 s, 512 KB ~2.1 s
 * (Node makes strings of about 1 MB and more outside V8's heap, which is cheaper here).
 */
const FILE_PIECE_BYTES = 2 ** 20;

/** What checkTextForPolars finds over a whole file's JSON bytes, and where its records (non-blank lines) are. */
export interface PayloadCheck {
  declaredKeys: Set<string>;
  /** Non-blank lines: the records Polars' reader must have found. */
  records: number;
  /** Their 1-based line numbers, or null when they are simply 1..records (no blank line): most files. */
  lines: number[] | null;
  /** Keys written with a value other than null (an upper bound: see countKeys); the frame of a file without a
   *  duplicate key has exactly as many non-null cells. */
  valuedKeys: number;
}

/**
 * Duplicate keys (a record is quarantined for one: src/ingest/duplicate-keys.ts) in a file the check passes, found
 * by counting rather than by scanning each record: the native path reads 445 MB at 1M events.
 *
 * After the check, every key in the text is a declared name closed by `":` (see `fine` above; Polars refuses
 * nested values in number fields, the check an object in a string field). So `valued` = occurrences of `":` not
 * followed by null (white space between allowed) counts each key written with a non-null value, plus look-alikes
 * inside strings (`\":`, or a string value that starts with a colon). In the frame Polars reads, a record
 * contributes one non-null cell per key with a non-null value, but only for the first of repeated keys (Polars
 * keeps the first value): valued > non-null cells whenever a record repeats a key with a non-null value after its
 * first one, or repeats a key first null then not. Look-alikes only ever make `valued` larger: such a file is read
 * by the exact reader, which is right anyway, only slower.
 *
 * Not caught (the one corner): a key repeated only with null after a first non-null value, or null every time
 * (`{"userId":"15",…,"userId":null}`): each such record contributes as many valued keys as cells. Such a record
 * in a file of 256 KB or more is loaded with its first value, where the exact reader (and Spark) quarantine it.
 */
function countKeys(structure: string): number {
  // One stop per colon (native indexOf), about one per key: twice as fast as looking for `":` (quotes are
  // four times as common), ~0.3 s per 100 MB of log text on this machine.
  let valued = 0;
  for (let colon = structure.indexOf(':'); colon !== -1; colon = structure.indexOf(':', colon + 1)) {
    if (structure.charCodeAt(colon - 1) === 0x22 /* " */ && !isNullAfter(structure, colon + 1)) valued++;
  }
  return valued;
}

/** Whether JSON white space then the literal null (not the start of a longer word) begins at `at`. */
function isNullAfter(text: string, at: number): boolean {
  let c = text.charCodeAt(at);
  while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = text.charCodeAt(++at);
  return c === 0x6e /* n */ && text.startsWith('null', at) && !/\w/.test(text.charAt(at + 4));
}

/**
 * Checks a file's JSON bytes piece by piece; null when the file needs the exact reader. A piece ends just before a
 * line that starts a record (`\n{`), so no key or value spans two pieces; a large file without such a line (one
 * huge pretty-printed document) goes to the exact reader.
 */
export function checkPayloadForPolars(payload: Buffer, source: SourceDef, pieceBytes = PIECE_BYTES): PayloadCheck | null {
  return checkPieces(payloadPieces(payload, pieceBytes), source);
}

/**
 * checkPayloadForPolars over a plain JSON file on local disk (no gzip, no BOM), read piece by piece: a record longer
 * than a piece sends the file to the exact reader.
 */
export function checkFileForPolars(localPath: string, source: SourceDef, pieceBytes = FILE_PIECE_BYTES): PayloadCheck | null {
  return checkPieces(filePieces(localPath, pieceBytes), source);
}

/** The verdict over a file's pieces, in order; a null piece is one that could not be cut at a record. */
function checkPieces(pieces: Iterable<string | null>, source: SourceDef): PayloadCheck | null {
  const declaredKeys = new Set<string>();
  const lines = new RecordLines();
  let valuedKeys = 0;
  for (const structure of pieces) {
    if (structure === null) return null;
    const keys = checkTextForPolars(structure, source);
    if (!keys) return null;
    keys.forEach((k) => declaredKeys.add(k));
    lines.add(structure);
    valuedKeys += countKeys(structure);
  }
  return { declaredKeys, records: lines.count, lines: lines.numbers, valuedKeys };
}

/**
 * The pieces of JSON bytes in memory, one byte per character: only the JSON structure is looked at (keys, quotes,
 * line ends: ASCII, which UTF-8 never uses inside a multi-byte character), so this will do, and is cheaper than
 * decoding UTF-8.
 */
function* payloadPieces(payload: Buffer, pieceBytes: number): Generator<string | null> {
  for (let start = 0; start < payload.length; ) {
    let end = payload.length;
    if (end - start > pieceBytes) {
      end = payload.lastIndexOf('\n{', start + pieceBytes) + 1;
      if (end <= start) {
        yield null;
        return;
      }
    }
    yield payload.toString('latin1', start, end);
    start = end;
  }
}

let fileBuffer: Buffer | null = null;

/** The pieces of a local file, as payloadPieces cuts them, read into one buffer that is reused (the check is synchronous). */
function* filePieces(localPath: string, pieceBytes: number): Generator<string | null> {
  if (fileBuffer?.length !== pieceBytes) fileBuffer = Buffer.allocUnsafe(pieceBytes);
  const buffer = fileBuffer;
  const fd = fs.openSync(localPath, 'r');
  try {
    // `held` bytes at the buffer's start are the rest of the last read, after the piece cut from it.
    for (let held = 0; ; ) {
      let filled = held;
      let ended = false;
      while (filled < buffer.length && !ended) {
        const got = fs.readSync(fd, buffer, filled, buffer.length - filled, null);
        filled += got;
        ended = got === 0;
      }
      if (filled === 0) return;
      const end = ended ? filled : buffer.subarray(0, filled).lastIndexOf('\n{') + 1;
      if (end <= 0) {
        yield null;
        return;
      }
      yield buffer.toString('latin1', 0, end);
      if (ended) return;
      held = buffer.copy(buffer, 0, end, filled);
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** The line numbers of a file's records, piece by piece; kept as a count while they run 1..n. */
class RecordLines {
  count = 0;
  numbers: number[] | null = null;
  private linesBefore = 0;

  /** A piece of the file's text: it ends with a line break unless it is the last. */
  add(structure: string): void {
    this.linesBefore += forEachNonBlankLine(structure, (_start, _stop, line) => this.push(this.linesBefore + line));
  }

  private push(line: number): void {
    if (this.numbers) this.numbers.push(line);
    else if (line !== this.count + 1) this.numbers = [...Array.from({ length: this.count }, (_, i) => i + 1), line];
    this.count++;
  }
}
