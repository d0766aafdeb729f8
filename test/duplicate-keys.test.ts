import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EVENT_SOURCE } from '../src/catalog/sources';
import { TABLES } from '../src/catalog/tables';
import { duplicateKey } from '../src/ingest/duplicate-keys';
import { checkPayloadForPolars } from '../src/ingest/native-text-check';
import { readSource } from '../src/ingest/read-source';
import { listSourceFiles } from '../src/ingest/source-files';
import { runEtl, type EtlSummary } from '../src/run/etl';
import { readTable } from '../src/table-format/read-table';
import { eventRecord } from './fixtures';
import { quarantineText, SAMPLE, SPARK_TEST_TIMEOUT_MS, sortedRows, tempDir, writeTree, type Json } from './helpers';

/**
 * One rule for a JSON object holding a key twice, on every reader: the record is quarantined, `duplicate key "k"`.
 * JSON.parse (the exact reader, small files) keeps the last value, Polars' NDJSON reader (files of 256 KB and more)
 * the first, Python's json (Spark) the last: without the rule one record loaded three ways.
 */

const event = (i: number, overrides: Json = {}) =>
  JSON.stringify(eventRecord({ sessionId: 1000 + Math.floor(i / 10), itemInSession: i % 10, ts: 1541106106796 + i * 1000, userId: String(20 + (i % 40)), ...overrides }));
/** A record's text with more keys written after its own (so repeating some). */
const withKeys = (line: string, more: string) => `${line.slice(0, -1)},${more}}`;

/** The record: user 15, paid, then user 16, free, in the same object. */
const DUPLICATE = withKeys(event(7, { userId: '15', level: 'paid' }), '"userId":"16","level":"free"');
/** The second ts is not even an integer: still the duplicate that is reported, on every path. */
const DUPLICATE_INVALID_LAST = withKeys(event(8), '"ts":"yesterday"');

/** Clean events, with the duplicates at lines 8 and 9; padded to `lines` records. */
function logLines(lines: number): string[] {
  const out = Array.from({ length: lines }, (_, i) => event(i));
  out[7] = DUPLICATE;
  out[8] = DUPLICATE_INVALID_LAST;
  return out;
}

const EXPECTED = [
  { line: 8, reason: 'duplicate key "userId"', raw: DUPLICATE },
  { line: 9, reason: 'duplicate key "ts"', raw: DUPLICATE_INVALID_LAST },
];

describe('duplicateKey (the exact reader\'s scan after JSON.parse)', () => {
  /** The key found by the scan, which the quick count given the parsed value agrees with. */
  const dup = (json: string) => {
    const found = duplicateKey(json);
    expect(duplicateKey(json, JSON.parse(json)), json).toBe(found);
    return found;
  };

  it('names the key an object repeats, at any depth, compared decoded', () => {
    expect(dup('{"a":1,"b":2}')).toBeNull();
    expect(dup('{"a":1,"b":2,"a":3}')).toBe('a');
    expect(dup('{"a":1,"a":2}')).toBe('a');
    expect(dup('{"a":{"b":1,"b":2}}')).toBe('b');
    expect(dup('[{"a":1},{"a":2}]')).toBeNull();
    expect(dup('{"a":{"x":1},"b":{"x":2}}')).toBeNull();
    expect(dup('{"a":1,"\\u0061":2}')).toBe('a');
    expect(dup('{ "a" : 1 , "a"\n: 2 }')).toBe('a');
    // Look-alikes inside strings are no keys.
    expect(dup('{"a":"\\"a\\":1,","b":"{\\"a\\":2}"}')).toBeNull();
    expect(dup('{"a\\\\":1,"a\\\\":2}')).toBe('a\\');
  });

  it('names the first object to close with a repeat, then its first repeated key (as Python\'s object_pairs_hook)', () => {
    // The inner object closes first.
    expect(dup('{"a":1,"a":2,"b":{"c":1,"c":2}}')).toBe('c');
    expect(dup('{"b":1,"a":1,"b":2,"a":2}')).toBe('b');
    expect(dup('{"a":1,"b":1,"b":2,"a":2}')).toBe('b');
  });
});

describe('a record with a duplicate key, on the local readers', () => {
  const read = async (lines: string[], nativeMinBytes?: number) => {
    const input = writeTree({ 'log_data/day.json': lines.join('\n') + '\n' });
    return readSource(await listSourceFiles(input, 'log_data'), EVENT_SOURCE, undefined, nativeMinBytes === undefined ? {} : { nativeMinBytes });
  };
  const quarantineOf = (r: Awaited<ReturnType<typeof read>>) => r.quarantine.map(({ line, reason, raw }) => ({ line, reason, raw }));

  it('is quarantined from a small file (JSON.parse, which kept the last value)', async () => {
    const small = await read(logLines(20));
    expect(small.nativeFiles).toBe(0);
    expect(quarantineOf(small)).toEqual(EXPECTED);
    expect(small.records).toBe(18);
  });

  it('is quarantined from a file over 256 KB: the file goes to the exact reader, never loaded by Polars (which kept the first)', async () => {
    const lines = logLines(1500);
    expect(Buffer.byteLength(lines.join('\n'))).toBeGreaterThan(256 * 1024);
    const big = await read(lines);
    expect(big.nativeFiles).toBe(0);
    expect(quarantineOf(big)).toEqual(EXPECTED);
    expect(big.records).toBe(1498);
    // The same file without them is read natively: the native path is what decided.
    const clean = lines.filter((_, i) => i !== 7 && i !== 8);
    const cleanRead = await read(clean);
    expect(cleanRead.nativeFiles).toBe(1);
    expect(sortedRows(cleanRead.frame.drop('_seq'))).toEqual(sortedRows(big.frame.drop('_seq')));
  });

  it('each key of a duplicate, non-null anywhere after the first, sends the file to the exact reader', async () => {
    const lines = Array.from({ length: 1500 }, (_, i) => event(i));
    for (const [name, more] of [
      ['a string key', '"page":"Home"'],
      ['a number key', '"length":1.5'],
      ['after a null', '"artist":null,"artist":"Björk"'],
      ['a first null, then a value', '"song":"x"'],
    ]) {
      const copy = [...lines];
      copy[100] = withKeys(name === 'a first null, then a value' ? event(100, { song: null }) : event(100), more);
      const r = await read(copy);
      expect(r.nativeFiles, name).toBe(0);
      expect(r.quarantine.map((q) => q.line), name).toEqual([101]);
    }
  });

  it('the one corner the native path misses, by design: a key repeated with null after a non-null value', async () => {
    // Counting keys cannot tell `"userId":"15",…,"userId":null` from two keys; the exact reader quarantines the
    // record, Polars loads user 15 (native-text-check.ts, countKeys, says so).
    const lines = Array.from({ length: 1500 }, (_, i) => event(i));
    lines[100] = withKeys(event(100), '"userId":null');
    const payload = Buffer.from(lines.join('\n'));
    expect(checkPayloadForPolars(payload, EVENT_SOURCE)).not.toBeNull();
    expect((await read(lines)).nativeFiles).toBe(1);
    expect(quarantineOf(await read(lines, Infinity))).toEqual([{ line: 101, reason: 'duplicate key "userId"', raw: lines[100] }]);
  });
});

describe('a record with a duplicate key, on both engines', () => {
  interface Built {
    output: string;
    summary: EtlSummary;
  }
  const local: Built = { output: tempDir(), summary: undefined as unknown as EtlSummary };
  const spark: Built = { output: tempDir(), summary: undefined as unknown as EtlSummary };

  beforeAll(async () => {
    const songs = Object.fromEntries(
      fs
        .readdirSync(path.join(SAMPLE, 'song_data', 'A', 'A', 'A'))
        .map((name) => [`song_data/A/A/A/${name}`, fs.readFileSync(path.join(SAMPLE, 'song_data', 'A', 'A', 'A', name))]),
    );
    const big = logLines(1500);
    const small = logLines(20).map((l, i) => (i === 7 || i === 8 ? l : event(2000 + i)));
    const input = writeTree({ ...songs, 'log_data/2018/11/big.json': big.join('\n') + '\n', 'log_data/2018/11/small.json': small.join('\n') + '\n' });
    local.summary = await runEtl({ input, output: local.output });
    spark.summary = await runEtl({ input, output: spark.output, engine: 'spark' });
  }, SPARK_TEST_TIMEOUT_MS);

  const quarantineOf = ({ output, summary }: Built) =>
    quarantineText(output, summary.runId)
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l));

  it('quarantines the same records with the same reason, from the small file and from the large one', async () => {
    const expected = ['log_data/2018/11/big.json', 'log_data/2018/11/small.json'].flatMap((file) => EXPECTED.map((e) => ({ source: 'raw_events', file, ...e })));
    expect(quarantineOf(local)).toEqual(expected);
    expect(quarantineOf(spark)).toEqual(expected);
    expect(spark.summary.sources).toEqual(local.summary.sources);
  });

  it('loads the same rows', async () => {
    for (const table of TABLES) {
      const rows = sortedRows(await readTable(local.output, table.name));
      expect(sortedRows(await readTable(spark.output, table.name)), table.name).toEqual(rows);
    }
    // Neither user 16, free (JSON.parse's last value) nor user 15, paid (Polars' first) was loaded from the record.
    const users = (await readTable(local.output, 'users')).toRecords().map((u) => Number(u.user_id));
    expect(users.length).toBeGreaterThan(0);
    expect(users.filter((u) => u === 15 || u === 16)).toEqual([]);
  });
});
