import type { SourceDef } from '../catalog/types';
import { nonBlankLineNumbers } from './text-lines';

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
    // The keys that are fine where they stand; any other key (followed by its colon) is a problem.
    const fine = [
      others.length > 0 && `(?:${names(others)})"\\s*:`,
      strings.length > 0 && `(?:${names(strings)})"\\s*:\\s*(?:"|null\\b)`,
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

/** A file's bytes are looked at this much at a time: V8 strings end at 512 MB, and a day's log can be larger. */
const PIECE_BYTES = 128 * 2 ** 20;

/** What checkTextForPolars finds over a whole file's JSON bytes, and the numbers of its non-blank lines (1-based). */
export interface PayloadCheck {
  declaredKeys: Set<string>;
  lines: number[];
}

/**
 * Checks a file's JSON bytes piece by piece; null when the file needs the exact reader. A piece ends just before a
 * line that starts a record (`\n{`), so no key or value spans two pieces; a large file without such a line (one
 * huge pretty-printed document) goes to the exact reader.
 */
export function checkPayloadForPolars(payload: Buffer, source: SourceDef, pieceBytes = PIECE_BYTES): PayloadCheck | null {
  const declaredKeys = new Set<string>();
  let lines: number[] = [];
  let linesBefore = 0;
  for (let start = 0; start < payload.length; ) {
    let end = payload.length;
    if (end - start > pieceBytes) {
      end = payload.lastIndexOf('\n{', start + pieceBytes) + 1;
      if (end <= start) return null;
    }
    // Only the JSON structure is looked at (keys, quotes, line ends: ASCII, which UTF-8 never uses inside a
    // multi-byte character), so a byte-per-character view will do: cheaper than decoding UTF-8.
    const structure = payload.toString('latin1', start, end);
    const keys = checkTextForPolars(structure, source);
    if (!keys) return null;
    keys.forEach((k) => declaredKeys.add(k));
    const pieceLines = nonBlankLineNumbers(structure);
    lines = lines.concat(linesBefore === 0 ? pieceLines : pieceLines.map((n) => n + linesBefore));
    // A piece ends with a line break (it stops before a `{` that starts a line), so the next one starts a line.
    // Counted only when a piece follows: a pass over the bytes, ~14 ms on a 17 MB file.
    if (end < payload.length) linesBefore += countLineBreaks(payload, start, end);
    start = end;
  }
  return { declaredKeys, lines };
}

function countLineBreaks(bytes: Buffer, start: number, end: number): number {
  let count = 0;
  for (let i = bytes.indexOf(10, start); i !== -1 && i < end; i = bytes.indexOf(10, i + 1)) count++;
  return count;
}
