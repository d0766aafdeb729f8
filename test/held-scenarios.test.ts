import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliAsync, SAMPLE, SPARK_TEST_TIMEOUT_MS, tempDir, walkFiles } from './helpers';
import { deliver, filesBelow } from './incremental-feed';
import { deltaRsRows } from './lake-readers';

/**
 * The deliveries a team running daily loads meets, each against a good lake, judged by what delta-rs then reads:
 * none replaces a good table, and none passes without a word. One place that lists them, with the message each gives;
 * their details are tested beside the code (publish-guards, volume-guards, input-accounting, duplicate-keys,
 * quarantine-stream, incremental-redelivery: each with its Spark case). A million all-bad records are the
 * quarantine-stream test's (a streamed quarantine under a heap too small to hold it) and the note's measurement.
 */

const logs = filesBelow(SAMPLE, 'log_data');
const songs = filesBelow(SAMPLE, 'song_data');

type Lake = Record<string, { version: number; rows: string[] }>;

/** A copy of the sample as an input, its log files rewritten by `edit` (lines in, lines out). */
function sampleInput(edit: (lines: string[], rel: string) => string[] = (l) => l): string {
  const input = tempDir('sparkify-held-in-');
  deliver(SAMPLE, input, songs);
  for (const rel of logs) {
    const lines = fs.readFileSync(path.join(SAMPLE, rel), 'utf8').trim().split('\n');
    fs.mkdirSync(path.dirname(path.join(input, rel)), { recursive: true });
    fs.writeFileSync(path.join(input, rel), edit(lines, rel).join('\n') + '\n');
  }
  return input;
}

/** A good lake: the sample, fully loaded. */
async function goodLake(engine = 'local'): Promise<{ lake: string; before: Lake }> {
  const lake = tempDir('sparkify-held-lake-');
  const run = await cliAsync(['etl', '--input', SAMPLE, '--output', lake, '--engine', engine]);
  expect(run.code, run.stderr).toBe(0);
  return { lake, before: await deltaRsRows(lake) };
}

/** Runs etl and returns its exit code and everything it printed. */
async function etl(input: string, lake: string, ...extra: string[]): Promise<{ code: number | null; out: string }> {
  const run = await cliAsync(['etl', '--input', input, '--output', lake, ...extra]);
  return { code: run.code, out: run.stdout + run.stderr };
}

/** The lake as delta-rs reads it is the one before: same versions, same rows. */
async function expectUnchanged(lake: string, before: Lake): Promise<void> {
  expect(await deltaRsRows(lake)).toEqual(before);
}

/** The lake holds the same rows as before (a new version of each table). */
async function expectSameRows(lake: string, before: Lake): Promise<void> {
  const after = await deltaRsRows(lake);
  for (const [table, { rows }] of Object.entries(before)) expect(after[table].rows, table).toEqual(rows);
}

describe('held scenarios: no delivery replaces a good table or passes silently (local engine)', () => {
  it('an empty delivery (both folders present, no files) is refused', async () => {
    const { lake, before } = await goodLake();
    const input = tempDir('sparkify-held-empty-');
    fs.mkdirSync(path.join(input, 'song_data'));
    fs.mkdirSync(path.join(input, 'log_data'));
    const run = await etl(input, lake);
    expect(run.code).toBe(1);
    expect(run.out).toMatch(/guard no-records: the run loaded no records \(0 quarantined\) and would replace tables that hold rows with empty ones; --allow-empty lets it through/);
    await expectUnchanged(lake, before);
  });

  it('a delivery whose every event is bad is refused by the quarantine share', async () => {
    const { lake, before } = await goodLake();
    const run = await etl(sampleInput((lines) => lines.map((l) => l.replace('"ts":', '"tz":'))), lake);
    expect(run.code).toBe(1);
    expect(run.out).toMatch(/guard quarantine-share raw_events: 8056 of 8056 records quarantined \(100\.0%\), more than the 10\.0% allowed; --allow-quarantine lets it through/);
    await expectUnchanged(lake, before);
  });

  it('.jsonl log files are read as JSON Lines: the same lake', async () => {
    const { lake, before } = await goodLake();
    const input = sampleInput();
    for (const rel of logs) fs.renameSync(path.join(input, rel), path.join(input, rel.replace(/\.json$/, '.jsonl')));
    const run = await etl(input, lake);
    expect(run.code, run.out).toBe(0);
    expect(run.out).toContain('raw_events: 30 files');
    await expectSameRows(lake, before);
  });

  it('files the kit does not read and links out of the input are named, never followed, their targets never shown', async () => {
    const { lake, before } = await goodLake();
    const input = sampleInput();
    const outside = tempDir('sparkify-held-outside-');
    fs.writeFileSync(path.join(outside, 'secret.txt'), 'db_password=hunter2\n');
    fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(input, 'log_data', 'zz-secret.json'));
    fs.writeFileSync(path.join(input, 'log_data', 'README.txt'), 'notes\n');
    const run = await etl(input, lake);
    expect(run.code, run.out).toBe(0);
    expect(run.out).toMatch(/warning: log_data: 2 files not read: 1 not a data file \(\.txt\), 1 symlink outside the input — first: log_data\/zz-secret\.json, log_data\/README\.txt/);
    expect(run.out).not.toContain('hunter2');
    expect(run.out).not.toContain(outside);
    for (const file of walkFiles(lake)) expect(fs.readFileSync(path.join(lake, file), 'latin1'), file).not.toContain('hunter2');
    await expectSameRows(lake, before);
  });

  it('a record with a duplicate key is quarantined with the reason, whichever value came first', async () => {
    const { lake } = await goodLake();
    const input = sampleInput((lines, rel) =>
      rel === logs[0] ? [...lines, lines[0].replace('{', '{"userId":"99",')] : lines,
    );
    const run = await etl(input, lake);
    expect(run.code, run.out).toBe(0);
    expect(run.out).toContain('raw_events: 30 files, 3.6 MB, 8056 records loaded, 1 quarantined');
    const quarantine = path.join(lake, '_quarantine');
    const records = walkFiles(quarantine)
      .filter((f) => path.basename(f).startsWith('part-'))
      .flatMap((f) => fs.readFileSync(path.join(quarantine, f), 'utf8').trim().split('\n'))
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    expect(records.map((r) => [r.file, r.reason])).toEqual([[logs[0], 'duplicate key "userId"']]);
  });

  it('a day at a tenth of its usual volume warns, naming the day, its plays and the band', async () => {
    // November 29th (319 plays): a tenth of it is far below the days before it. (A tenth of a quiet day can pass:
    // the sample's Thanksgiving Sunday has 41 plays, 0.24× its trailing median, and must not warn.)
    const input = sampleInput((lines, rel) => (rel === logs[28] ? lines.filter((_, i) => i % 10 === 0) : lines));
    const lake = tempDir('sparkify-held-thin-');
    const run = await etl(input, lake);
    expect(run.code, run.out).toBe(0);
    expect(run.out).toMatch(/warn guard volume-band songplays: 1 of \d+ days? outside their band .*2018-11-29 has \d+ plays, below its band/);
  });

  it('a re-delivered corrected file and a deleted input file: the incremental run says it cannot fold them in', async () => {
    const input = sampleInput();
    const lake = tempDir('sparkify-held-inc-');
    expect((await etl(input, lake, '--incremental')).code).toBe(0);
    const day = path.join(input, logs[3]);
    const lines = fs.readFileSync(day, 'utf8').trim().split('\n');
    fs.writeFileSync(day, lines.slice(10).join('\n') + '\n');
    fs.rmSync(path.join(input, logs[5]));
    const run = await etl(input, lake, '--incremental');
    expect(run.code, run.out).toBe(0);
    expect(run.out).toContain(
      `warning: incremental: 1 file (${logs[3]}) re-delivered with other content (new records merged; rows they corrected or dropped stay as first read); ` +
        `1 file (${logs[5]}) gone from the input (their rows stay in the lake): the lake differs from a full rebuild; --rebuild-affected rebuilds the tables they feed, or run without --incremental`,
    );
    const status = await cliAsync(['status', '--output', lake, '--input', input]);
    expect(status.stdout).toContain(`gone from ${input}: 1 file the lake read`);
    expect(status.stdout).toContain(`${logs[3]}`);
  });
});

describe('held scenarios on the Spark engine', () => {
  it('a delivery whose every event is bad is refused, the good lake unchanged', async () => {
    const { lake, before } = await goodLake('spark');
    const run = await etl(sampleInput((lines) => lines.map((l) => l.replace('"ts":', '"tz":'))), lake, '--engine', 'spark');
    expect(run.code).toBe(1);
    expect(run.out).toMatch(/guard quarantine-share raw_events: 8056 of 8056 records quarantined \(100\.0%\)/);
    await expectUnchanged(lake, before);
  }, 3 * SPARK_TEST_TIMEOUT_MS);
});
