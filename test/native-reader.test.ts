import { describe, expect, it } from 'vitest';
import { EVENT_SOURCE } from '../src/catalog/sources';
import { readSource, SEQ_COLUMN } from '../src/engines/local/read-source';
import { listLocalSourceFiles } from '../src/io/source-files';
import { sortedRows, writeTree } from './helpers';
import { eventRecord } from './fixtures';

/** A log file big enough for the native reader: many sessions of real-shaped events. */
function bigLog(n = 3000): string[] {
  return Array.from({ length: n }, (_, i) => JSON.stringify(eventRecord({ sessionId: 1000 + Math.floor(i / 10), itemInSession: i % 10, ts: 1541106106796 + i * 1000 })));
}

async function readBothWays(text: string) {
  const input = writeTree({ 'log_data/day.json': text });
  const files = await listLocalSourceFiles(input, 'log_data');
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

  it('whitespace after a key is still a clean file', async () => {
    const lines = bigLog().map((l) => l.replace('"userId":"8"', '"userId" :  "8"').replace('"song":null', '"song": null'));
    const { native } = await readBothWays(lines.join('\n'));
    expect(native.nativeFiles).toBe(1);
    expect(native.quarantine).toEqual([]);
  });
});
