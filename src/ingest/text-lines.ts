import * as zlib from 'node:zlib';

const GZIP_MAGIC = [0x1f, 0x8b];

export function isGzip(bytes: Buffer): boolean {
  return bytes.length >= 2 && bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1];
}

export function hasBom(bytes: Buffer): boolean {
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

/** A file's JSON bytes: gunzipped when gzip (by content, not name), UTF-8 BOM dropped. Throws on a broken gzip. */
export function payloadBytes(bytes: Buffer): Buffer {
  const plain = isGzip(bytes) ? zlib.gunzipSync(bytes) : bytes;
  return hasBom(plain) ? plain.subarray(3) : plain;
}

/** File bytes to text: gunzipped when gzip (by content, not name), UTF-8 BOM dropped. */
export function decodeText(bytes: Buffer): string {
  return payloadBytes(bytes).toString('utf8');
}

/** Calls `visit` with each non-blank line's bounds (CR of a CRLF excluded) and its 1-based number, which counts
 *  blank lines too, so it points at the line an editor shows. `isBlank` decides without copying most lines.
 *  Returns the number of line breaks seen. */
export function forEachNonBlankLine(text: string, visit: (start: number, stop: number, line: number) => void): number {
  let start = 0;
  let line = 1;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const stop = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    if (stop > start && !isBlank(text, start, stop)) visit(start, stop, line);
    start = end + 1;
    line++;
  }
  // The last pass went past the end, and the one before stopped at the text's end rather than at a break.
  return line - 2;
}

function isBlank(text: string, start: number, stop: number): boolean {
  const first = text.charCodeAt(start);
  // A line starting with a printable ASCII character is not blank; only the rare others need trim().
  return !(first > 32 && first < 127) && text.slice(start, stop).trim() === '';
}

/** The numbers of the non-blank lines, as numberedLines() gives them, without copying the lines. */
export function nonBlankLineNumbers(text: string): number[] {
  const numbers: number[] = [];
  forEachNonBlankLine(text, (_start, _stop, line) => numbers.push(line));
  return numbers;
}

export interface NumberedLine {
  /** 1-based, counting blank lines, so it points at the line an editor shows. */
  line: number;
  text: string;
}

/** Non-blank lines with their numbers; CRLF line ends are accepted. */
export function numberedLines(text: string): NumberedLine[] {
  const lines: NumberedLine[] = [];
  forEachNonBlankLine(text, (start, stop, line) => lines.push({ line, text: text.slice(start, stop) }));
  return lines;
}
