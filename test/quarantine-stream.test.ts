import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { quarantineSummary } from '../src/lake/quarantine-summary';
import { cli, SAMPLE, SPARK_TEST_TIMEOUT_MS, tempDir, walkFiles, type Json } from './helpers';

/**
 * The quarantine is written as it is found, on both engines, whatever its size: the local engine appends each bad
 * record to a file (never one string: 1M bad events crashed it with `Invalid string length`), Spark writes them
 * from its executors (the driver used to collect them all). Readers take every part file, line by line.
 */

/** An input whose every event is bad: the sample's log lines with `ts` renamed (so required but missing). */
function allBadEvents(records: number, perFile: number): string {
  const input = tempDir('sparkify-all-bad-');
  const lines = walkFiles(path.join(SAMPLE, 'log_data'))
    .filter((f) => f.endsWith('.json'))
    .flatMap((f) => fs.readFileSync(path.join(SAMPLE, 'log_data', f), 'utf8').split('\n'))
    .filter((l) => l.trim() !== '')
    .map((l) => l.replace('"ts":', '"tz":'));
  fs.cpSync(path.join(SAMPLE, 'song_data'), path.join(input, 'song_data'), { recursive: true });
  fs.mkdirSync(path.join(input, 'log_data'));
  for (let file = 0, n = 0; n < records; file++, n += perFile) {
    const chunk = Array.from({ length: Math.min(perFile, records - n) }, (_, i) => lines[(n + i) % lines.length]);
    fs.writeFileSync(path.join(input, 'log_data', `day-${String(file).padStart(4, '0')}.json`), chunk.join('\n') + '\n');
  }
  return input;
}

/** The part files of the one run's quarantine folder of a lake, in name order. */
function quarantineParts(output: string): string[] {
  const runs = fs.readdirSync(path.join(output, '_quarantine'));
  expect(runs).toHaveLength(1);
  const dir = path.join(output, '_quarantine', runs[0]);
  return fs
    .readdirSync(dir)
    .filter((name) => name.startsWith('part-'))
    .sort()
    .map((name) => path.join(dir, name));
}

/** Lines of files, counted in pieces (a quarantine larger than the test's heap could not be one string either). */
function countLines(files: string[]): number {
  let lines = 0;
  const buffer = Buffer.alloc(2 ** 20);
  for (const file of files) {
    const fd = fs.openSync(file, 'r');
    try {
      for (let got; (got = fs.readSync(fd, buffer, 0, buffer.length, null)) > 0; ) for (let i = 0; i < got; i++) lines += buffer[i] === 10 ? 1 : 0;
    } finally {
      fs.closeSync(fd);
    }
  }
  return lines;
}

describe('a quarantine larger than the local engine\'s heap', () => {
  const RECORDS = 200_000;
  /** Well below the quarantine's size (~130 MB of JSON lines): holding it, or building its text, cannot fit. */
  const HEAP_MB = 64;
  const env = { NODE_OPTIONS: `--max-old-space-size=${HEAP_MB}` };
  const input = allBadEvents(RECORDS, 5000);

  it('is refused by the quarantine-share guard, nothing published and no quarantine left behind', () => {
    const output = tempDir();
    const run = cli(['etl', '--input', input, '--output', output], { env });
    expect(run.stderr).toMatch(/guard quarantine-share raw_events: 200000 of 200000 records quarantined \(100\.0%\)/);
    expect(run.stderr).toMatch(/published nothing/);
    expect(run.stderr).not.toMatch(/Invalid string length|heap out of memory/);
    expect(run.code).toBe(1);
    // A refused run leaves no trace (delta-format end()): its quarantine went with its tables.
    expect(walkFiles(output)).toEqual([]);
  }, 180_000);

  it('with --allow-quarantine, is published whole: one line per record, in file then line order', async () => {
    const output = tempDir();
    const run = cli(['etl', '--input', input, '--output', output, '--allow-quarantine', '--json'], { env });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).quarantined).toBe(RECORDS);
    const parts = quarantineParts(output);
    expect(parts.map((p) => path.basename(p))).toEqual(['part-00000.jsonl']);
    expect(fs.statSync(parts[0]).size).toBeGreaterThan(HEAP_MB * 2 ** 20);
    expect(countLines(parts)).toBe(RECORDS);
    // The readers stream it too: the summary counts every record.
    const summary = await quarantineSummary(output);
    expect(summary.total).toBe(RECORDS);
    expect(summary.byReason).toEqual([{ source: 'raw_events', problem: 'ts', count: RECORDS }]);
    expect(summary.examples.map((q) => [q.file, q.line])).toEqual([1, 2, 3, 4, 5].map((line) => ['log_data/day-0000.json', line]));
  }, 180_000);
});

describe('a quarantine on Spark', () => {
  it('is written by the executors, in several part files, exactly as the local engine writes it', async () => {
    const RECORDS = 30_000;
    const input = allBadEvents(RECORDS, 4000);
    const local = tempDir();
    const spark = tempDir();
    const localRun = cli(['etl', '--input', input, '--output', local, '--allow-quarantine', '--json']);
    expect(localRun.code, localRun.stderr).toBe(0);
    // 10k records per part file: three files.
    const sparkRun = cli(['etl', '--input', input, '--output', spark, '--engine', 'spark', '--allow-quarantine', '--json'], {
      env: { SPARKIFY_QUARANTINE_RECORDS_PER_FILE: '10000' },
    });
    expect(sparkRun.code, sparkRun.stderr).toBe(0);
    expect(JSON.parse(sparkRun.stdout).quarantined).toBe(RECORDS);
    expect(sparkRun.stderr).toMatch(/spark: quarantine: 30000 records/);

    const sparkParts = quarantineParts(spark);
    expect(sparkParts.length).toBeGreaterThanOrEqual(3);
    const text = (files: string[]) => files.map((f) => fs.readFileSync(f, 'utf8')).join('');
    const sparkText = text(sparkParts);
    expect(sparkText).toBe(text(quarantineParts(local)));
    const first = JSON.parse(sparkText.slice(0, sparkText.indexOf('\n'))) as Json;
    expect(first).toMatchObject({ source: 'raw_events', file: 'log_data/day-0000.json', line: 1, reason: 'ts: required but missing' });
    expect((await quarantineSummary(spark)).total).toBe(RECORDS);
  }, SPARK_TEST_TIMEOUT_MS);
});
