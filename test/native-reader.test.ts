import * as zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { EVENT_SOURCE } from '../src/catalog/sources';
import { readSource, SEQ_COLUMN } from '../src/ingest/read-source';
import { listSourceFiles, type SourceFile } from '../src/ingest/source-files';
import { linePieces } from '../src/ingest/line-pieces';
import { sortedRows, writeTree } from './helpers';
import { eventRecord } from './fixtures';

/** A log file big enough for the native reader: many sessions of real-shaped events. */
function bigLog(n = 3000): string[] {
  return Array.from({ length: n }, (_, i) => JSON.stringify(eventRecord({ sessionId: 1000 + Math.floor(i / 10), itemInSession: i % 10, ts: 1541106106796 + i * 1000 })));
}

async function readBothWays(text: string) {
  const input = writeTree({ 'log_data/day.json': text });
  const files = await listSourceFiles(input, 'log_data');
  const native = await readSource(files, EVENT_SOURCE, undefined, { nativeMinBytes: 1 });
  const exact = await readSource(files, EVENT_SOURCE, undefined, { nativeMinBytes: Infinity });
  return { native, exact };
}

describe('the native (Polars) reader for large files', () => {
  it('loads a clean file natively, with the same rows and lineage as the exact reader', async () => {
    const lines = bigLog();
    // Blank lines and CRLF shift line numbers: lineage must still point at the real lines.
    const text = lines.slice(0, 5).join('\n') + '\n\n  \n' + lines.slice(5).join('\r\n') + '\n';
    const { native, exact } = await readBothWays(text);
    expect(native.nativeFiles).toBe(1);
    expect(exact.nativeFiles).toBe(0);
    expect(native.records).toBe(3000);
    expect(sortedRows(native.frame)).toEqual(sortedRows(exact.frame));
    const seqs = native.frame.getColumn(SEQ_COLUMN).toArray().map(Number).sort((a, b) => a - b);
    expect(seqs.slice(4, 7)).toEqual([5, 8, 9]);
  });

  it.each([
    ['a non-numeric ts', { ts: 'yesterday' }, 'ts: expected an integer, got the string "yesterday"'],
    ['a number where a string belongs', { userId: 39 }, 'userId: expected a string, got the number 39'],
    ['an object where a string belongs', { song: { title: 'x' } }, 'song: expected a string, got an object'],
    ['a rule broken (NextSong without user)', { userId: '' }, 'userId: required when page is NextSong'],
    ['an integer beyond 2^53', { sessionId: 2 ** 60 }, `sessionId: expected an integer, got the number ${2 ** 60}`],
  ])('a file with %s falls back to the exact reader and quarantines just that record', async (_name, override, reason) => {
    const lines = bigLog();
    lines[1234] = JSON.stringify(eventRecord({ sessionId: 99999, itemInSession: 0, ...override }));
    const { native, exact } = await readBothWays(lines.join('\n'));
    expect(native.nativeFiles).toBe(0);
    expect(native.quarantine).toEqual([expect.objectContaining({ line: 1235, reason, raw: lines[1234] })]);
    expect(native.records).toBe(2999);
    expect(sortedRows(native.frame)).toEqual(sortedRows(exact.frame));
  });

  // The native path looks at the bytes one character each (never decoding UTF-8) and hands Polars the bytes:
  // the text must come out exactly as the exact reader decodes it, from a folder or from an object store.
  const unicode = ['Björk', 'Beyoncé', '東京事変', 'Sigur Rós 🎵'];
  const withUnicode = () => bigLog().map((l, i) => l.replace('"artist":"Des\'ree"', `"artist":${JSON.stringify(unicode[i % unicode.length])}`));

  it.each([
    ['as stored', (text: string) => Buffer.from(text)],
    ['with a BOM', (text: string) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])],
    ['gzipped', (text: string) => zlib.gzipSync(Buffer.from(text))],
  ])('non-ASCII text %s reads natively, from a folder and from memory (as from S3), as the exact reader reads it', async (_name, encode) => {
    const bytes = encode(withUnicode().join('\n'));
    const input = writeTree({ 'log_data/day.json': bytes });
    const [onDisk] = await listSourceFiles(input, 'log_data');
    const inMemory: SourceFile = { relPath: onDisk.relPath, size: bytes.length, read: async () => bytes };
    const exact = await readSource([onDisk], EVENT_SOURCE, undefined, { nativeMinBytes: Infinity });
    expect(exact.frame.getColumn('artist').toArray().slice(0, 4)).toEqual(unicode);
    for (const file of [onDisk, inMemory]) {
      const native = await readSource([file], EVENT_SOURCE, undefined, { nativeMinBytes: 1 });
      expect(native.nativeFiles).toBe(1);
      expect(sortedRows(native.frame)).toEqual(sortedRows(exact.frame));
    }
  });

  it('invalid UTF-8 falls back to the exact reader, from a folder and from memory alike', async () => {
    const lines = withUnicode();
    const bytes = Buffer.concat([Buffer.from(lines.slice(0, 10).join('\n') + '\n'), Buffer.from([0xff, 0xfe]), Buffer.from(lines.slice(10).join('\n'))]);
    const input = writeTree({ 'log_data/day.json': bytes });
    const [onDisk] = await listSourceFiles(input, 'log_data');
    const inMemory: SourceFile = { relPath: onDisk.relPath, size: bytes.length, read: async () => bytes };
    const exact = await readSource([onDisk], EVENT_SOURCE, undefined, { nativeMinBytes: Infinity });
    for (const file of [onDisk, inMemory]) {
      const native = await readSource([file], EVENT_SOURCE, undefined, { nativeMinBytes: 1 });
      expect(native.nativeFiles).toBe(0);
      expect(native.quarantine).toEqual(exact.quarantine);
      expect(sortedRows(native.frame)).toEqual(sortedRows(exact.frame));
    }
  });

  it('whitespace after a colon is still a clean file; before one, the exact reader loads the same rows', async () => {
    const after = bigLog().map((l) => l.replace('"userId":"8"', '"userId":  "8"').replace('"song":null', '"song": null'));
    const { native } = await readBothWays(after.join('\n'));
    expect(native.nativeFiles).toBe(1);
    expect(native.quarantine).toEqual([]);
    // The duplicate-key count needs each key closed by `":` (native-text-check.ts countKeys): rare, and read exactly.
    const before = bigLog().map((l) => l.replace('"userId":"8"', '"userId" :  "8"'));
    const exact = await readBothWays(before.join('\n'));
    expect(exact.native.nativeFiles).toBe(0);
    expect(exact.native.quarantine).toEqual([]);
    expect(exact.native.records).toBe(after.length);
  });

  // A large file is parsed in pieces cut at line breaks (native-ndjson.ts); 8 KB pieces make a 1.2 MB file ~150 of them.
  describe('in pieces', () => {
    const PIECE = 8 * 1024;
    const pieced = (file: SourceFile) => readSource([file], EVENT_SOURCE, undefined, { nativeMinBytes: 1, parsePieceBytes: PIECE });

    it('cuts the text just after line breaks, covers it whole, and lets a line longer than a piece make its piece longer', async () => {
      const long = 'x'.repeat(3 * PIECE);
      const text = Buffer.from(['a', long, 'b'.repeat(PIECE), 'c'].join('\n'));
      const input = writeTree({ 'day.json': text });
      for (const json of [text, `${input}/day.json`]) {
        const pieces = await linePieces(json, text.length, PIECE);
        expect(pieces[0]).toEqual({ start: 0, end: 2 + long.length + 1 });
        expect(pieces.at(-1)!.end).toBe(text.length);
        for (let i = 1; i < pieces.length; i++) {
          expect(pieces[i].start).toBe(pieces[i - 1].end);
          expect(text[pieces[i].start - 1]).toBe(0x0a);
        }
      }
    });

    it.each([
      ['from a folder', (file: SourceFile) => file],
      ['from memory, gzipped (as from S3)', (file: SourceFile, bytes: Buffer) => ({ relPath: file.relPath, size: bytes.length, read: async () => zlib.gzipSync(bytes) })],
    ])('gives the same rows and lineage as one parse and as the exact reader, %s', async (_name, asFile) => {
      const lines = bigLog();
      const text = lines.slice(0, 5).join('\n') + '\n\n  \n' + lines.slice(5).join('\r\n') + '\n';
      const input = writeTree({ 'log_data/day.json': text });
      const [onDisk] = await listSourceFiles(input, 'log_data');
      const file = asFile(onDisk, Buffer.from(text));
      const inPieces = await pieced(file);
      const whole = await readSource([file], EVENT_SOURCE, undefined, { nativeMinBytes: 1 });
      const exact = await readSource([file], EVENT_SOURCE, undefined, { nativeMinBytes: Infinity });
      expect(inPieces.nativeFiles).toBe(1);
      expect(inPieces.records).toBe(3000);
      // One chunk per piece: the pieces were parsed one by one, and not copied into one frame.
      expect(inPieces.frame.getColumn('ts').nChunks()).toBeGreaterThan(100);
      expect(sortedRows(inPieces.frame)).toEqual(sortedRows(whole.frame));
      expect(sortedRows(inPieces.frame)).toEqual(sortedRows(exact.frame));
      const seqs = inPieces.frame.getColumn(SEQ_COLUMN).toArray().map(Number);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      expect(seqs.slice(4, 7)).toEqual([5, 8, 9]);
      expect(seqs.at(-1)).toBe(3002);
    });

    it('a bad record in a late piece sends the file to the exact reader, which quarantines that record at its line', async () => {
      const lines = bigLog();
      lines[2900] = JSON.stringify(eventRecord({ sessionId: 99999, itemInSession: 0, ts: 'yesterday' }));
      const input = writeTree({ 'log_data/day.json': lines.join('\n') });
      const [file] = await listSourceFiles(input, 'log_data');
      const inPieces = await pieced(file);
      expect(inPieces.nativeFiles).toBe(0);
      expect(inPieces.quarantine).toEqual([expect.objectContaining({ line: 2901, raw: lines[2900] })]);
      expect(inPieces.records).toBe(2999);
    });
  });
});
