import * as zlib from 'node:zlib';

const GZIP_MAGIC = [0x1f, 0x8b];

export function isGzip(bytes: Buffer): boolean {
  return bytes.length >= 2 && bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1];
}

export function hasBom(bytes: Buffer): boolean {
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

/** File bytes to text: gunzipped when gzip (by content, not name), UTF-8 BOM dropped. */
export function decodeText(bytes: Buffer): string {
  const text = (isGzip(bytes) ? zlib.gunzipSync(bytes) : bytes).toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The 1-based numbers of the non-blank lines, as numberedLines() counts them, without copying most lines. */
export function nonBlankLineNumbers(text: string): number[] {
  const numbers: number[] = [];
  let start = 0;
  let line = 1;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    if (end > start) {
      const first = text.charCodeAt(start);
      // A line starting with a printable ASCII character is not blank; only the rare others need trim().
      if ((first > 32 && first < 127) || text.slice(start, end).trim() !== '') numbers.push(line);
    }
    start = end + 1;
    line++;
  }
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
  let start = 0;
  let line = 1;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    let stop = end;
    if (stop > start && text.charCodeAt(stop - 1) === 13) stop--;
    if (stop > start) {
      const content = text.slice(start, stop);
      if (content.trim() !== '') lines.push({ line, text: content });
    }
    start = end + 1;
    line++;
  }
  return lines;
}
