import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliAsync, SAMPLE, SPARK_TEST_TIMEOUT_MS, tempDir } from './helpers';
import { deliver, filesBelow } from './incremental-feed';
import { deltaRsRows } from './lake-readers';

/**
 * The guards keep a run from replacing a good lake with a worse one (src/catalog/guards.ts): an empty delivery, a
 * delivery whose records are all quarantined, a full run that lost most of its input. Each is judged by what delta-rs
 * then reads: the lake it guarded is untouched, unless the run names the guard's override flag.
 */

const logs = filesBelow(SAMPLE, 'log_data');
const songs = filesBelow(SAMPLE, 'song_data');

async function sampleLake(): Promise<string> {
  const lake = tempDir('sparkify-guard-lake-');
  const run = await cliAsync(['etl', '--input', SAMPLE, '--output', lake]);
  expect(run.code, run.stderr).toBe(0);
  return lake;
}

/** Rows per table as delta-rs reads them, with each table's version. */
async function readers(lake: string) {
  return deltaRsRows(lake);
}

function lastLine(text: string): string {
  return text.trim().split('\n').at(-1) ?? '';
}

function manifestOf(lake: string, runId: string) {
  return JSON.parse(fs.readFileSync(path.join(lake, '_runs', `${runId}.json`), 'utf8'));
}

describe('guards against publishing a worse lake', () => {
  it('an empty delivery (both folders present, no files) replaces nothing; --allow-empty lets it through and is recorded', async () => {
    const lake = await sampleLake();
    const before = await readers(lake);
    const empty = tempDir('sparkify-guard-empty-');
    fs.mkdirSync(path.join(empty, 'song_data'));
    fs.mkdirSync(path.join(empty, 'log_data'));
    const run = await cliAsync(['etl', '--input', empty, '--output', lake]);
    expect(run.code).toBe(1);
    expect(lastLine(run.stderr)).toMatch(/published nothing, the previous tables stay: blocking checks failed: guard no-records/);
    expect(run.stderr).toMatch(/FAIL guard no-records: the run loaded no records \(0 quarantined\) and would replace tables that hold rows with empty ones; --allow-empty lets it through/);
    expect(await readers(lake)).toEqual(before);

    const allowed = await cliAsync(['etl', '--input', empty, '--output', lake, '--allow-empty', '--json']);
    expect(allowed.code, allowed.stderr).toBe(0);
    const summary = JSON.parse(allowed.stdout);
    expect(manifestOf(lake, summary.runId).overrides).toEqual(['allow-empty']);
    expect(Object.values(await readers(lake)).every((t) => t.rows.length === 0)).toBe(true);
  }, 120_000);

  it('a delivery whose events are all bad is stopped by the quarantine share, naming the source', async () => {
    const lake = await sampleLake();
    const before = await readers(lake);
    const bad = tempDir('sparkify-guard-bad-');
    deliver(SAMPLE, bad, songs);
    for (const rel of logs) {
      fs.mkdirSync(path.dirname(path.join(bad, rel)), { recursive: true });
      fs.writeFileSync(path.join(bad, rel), fs.readFileSync(path.join(SAMPLE, rel), 'utf8').replaceAll('"ts":', '"timestamp":'));
    }
    const run = await cliAsync(['etl', '--input', bad, '--output', lake]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/FAIL guard quarantine-share raw_events: 8056 of 8056 records quarantined \(100\.0%\), more than the 10\.0% allowed; --allow-quarantine lets it through/);
    expect(await readers(lake)).toEqual(before);
  }, 120_000);

  it('a full run that lost most of its input is stopped by the shrink guard; --allow-shrink is recorded', async () => {
    const lake = await sampleLake();
    const before = await readers(lake);
    const partial = tempDir('sparkify-guard-partial-');
    deliver(SAMPLE, partial, [...songs, ...logs.slice(0, 5)]);
    const run = await cliAsync(['etl', '--input', partial, '--output', lake]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/FAIL guard shrink songplays: 6820 rows now, \d+ after this run: \d+\.\d% fewer, more than the 50\.0% allowed/);
    expect(await readers(lake)).toEqual(before);

    const allowed = await cliAsync(['etl', '--input', partial, '--output', lake, '--allow-shrink', '--json']);
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(allowed.stderr).toMatch(/warn guard shrink songplays: .* \(let through by --allow-shrink\)/);
    expect(manifestOf(lake, JSON.parse(allowed.stdout).runId).overrides).toEqual(['allow-shrink']);
  }, 120_000);

  it('a late delivery older than the lake warns and commits', async () => {
    const input = tempDir('sparkify-guard-late-in-');
    const lake = tempDir('sparkify-guard-late-lake-');
    deliver(SAMPLE, input, [...songs, ...logs.slice(10)]);
    expect((await cliAsync(['etl', '--input', input, '--output', lake])).code).toBe(0);
    deliver(SAMPLE, input, logs.slice(0, 2));
    const late = await cliAsync(['etl', '--input', input, '--output', lake, '--incremental']);
    expect(late.code, late.stderr).toBe(0);
    expect(late.stderr).toMatch(/warn guard freshness songplays: newest play of this run 2018-11-02T\S+, of the lake 2018-11-30T\S+: the delivery is older than the lake/);
  }, 120_000);

  it('the Spark engine is guarded by the same gate: an empty delivery replaces nothing', async () => {
    const lake = await sampleLake();
    const before = await readers(lake);
    const empty = tempDir('sparkify-guard-empty-spark-');
    fs.mkdirSync(path.join(empty, 'song_data'));
    fs.mkdirSync(path.join(empty, 'log_data'));
    const run = await cliAsync(['etl', '--input', empty, '--output', lake, '--engine', 'spark']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/FAIL guard no-records: the run loaded no records/);
    expect(await readers(lake)).toEqual(before);
  }, SPARK_TEST_TIMEOUT_MS);
});
