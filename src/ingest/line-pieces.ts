import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * JSON Lines text cut into pieces at line breaks, each piece written to a file of its own: Polars parses a file
 * from disk by mapping it whole, so a piece is what keeps a large file from being mapped, and parsed, at once.
 * The text is a plain file on local disk (by its path) or bytes in memory.
 */
export type LineText = string | Buffer;

/** A piece: bytes [start, end) of the text. Every piece but the last ends just after a line break. */
export interface LinePiece {
  start: number;
  end: number;
}

/** How far past a nominal cut the next line break is looked for at a time (a log record is ~400 bytes). */
const LOOK_BYTES = 64 * 1024;

/** The text's size in bytes. */
export async function lineTextSize(text: LineText): Promise<number> {
  return typeof text === 'string' ? (await fs.promises.stat(text)).size : text.length;
}

/**
 * The text cut into pieces of about `pieceBytes`: each cut moves on to just after the next line break, so no line is
 * split (a line longer than a piece makes its piece longer).
 */
export async function linePieces(text: LineText, size: number, pieceBytes: number): Promise<LinePiece[]> {
  const pieces: LinePiece[] = [];
  const handle = typeof text === 'string' ? await fs.promises.open(text, 'r') : null;
  try {
    for (let start = 0; start < size; ) {
      const end = start + pieceBytes >= size ? size : await nextLineStart(text, handle, start + pieceBytes, size);
      pieces.push({ start, end });
      start = end;
    }
  } finally {
    await handle?.close();
  }
  return pieces;
}

/** The offset just after the first line break at or after `from`, or the end of the text when none follows. */
async function nextLineStart(text: LineText, handle: fs.promises.FileHandle | null, from: number, size: number): Promise<number> {
  if (typeof text !== 'string') {
    const lineBreak = text.indexOf(0x0a, from);
    return lineBreak < 0 ? size : lineBreak + 1;
  }
  const window = Buffer.allocUnsafe(LOOK_BYTES);
  for (let at = from; at < size; at += LOOK_BYTES) {
    const { bytesRead } = await handle!.read(window, 0, LOOK_BYTES, at);
    const lineBreak = window.subarray(0, bytesRead).indexOf(0x0a);
    if (lineBreak >= 0) return at + lineBreak + 1;
  }
  return size;
}

/** Writes one piece of the text to a new temporary file; the caller removes it. */
export async function writePieceFile(text: LineText, piece: LinePiece): Promise<string> {
  const file = tempJsonPath();
  if (typeof text !== 'string') {
    await fs.promises.writeFile(file, text.subarray(piece.start, piece.end));
    return file;
  }
  const source = await fs.promises.open(text, 'r');
  const target = await fs.promises.open(file, 'w');
  try {
    const buffer = Buffer.allocUnsafe(Math.min(COPY_BYTES, Math.max(1, piece.end - piece.start)));
    for (let at = piece.start; at < piece.end; ) {
      const { bytesRead } = await source.read(buffer, 0, Math.min(buffer.length, piece.end - at), at);
      if (bytesRead === 0) throw new Error(`${text} ended at byte ${at} while its piece ran to ${piece.end}`);
      await target.write(buffer, 0, bytesRead);
      at += bytesRead;
    }
  } catch (err) {
    await fs.promises.rm(file, { force: true });
    throw err;
  } finally {
    await Promise.all([source.close(), target.close()]);
  }
  return file;
}

/** A piece is copied this much at a time (one reused buffer). */
const COPY_BYTES = 4 * 2 ** 20;

/** A fresh path for a temporary JSON Lines file. */
function tempJsonPath(): string {
  return path.join(os.tmpdir(), `sparkify-ndjson-${process.pid}-${Math.random().toString(16).slice(2)}.json`);
}
