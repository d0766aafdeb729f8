import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runEtl } from '../src/run/etl';
import { DeltaFormat } from '../src/table-format/delta/delta-format';
import { COMMIT_LOCK_KEY } from '../src/table-format/delta/lake-paths';
import { readTable } from '../src/table-format/read-table';
import { generate } from '../src/generator/generate';
import { REPO, SAMPLE, sortedRows, tempDir, writeTree } from './helpers';
import { eventRecord, jsonLines, songRecord } from './fixtures';

const NOV = Date.UTC(2018, 10, 15);
const DEC = Date.UTC(2018, 11, 15);

async function snapshot(output: string) {
  return Object.fromEntries(await Promise.all(['songplays', 'users', 'songs', 'artists', 'time'].map(async (t) => [t, sortedRows(await readTable(output, t))])));
}

/** The data files of a table's latest Delta version, relative to the table. */
async function activeFiles(output: string, table: string): Promise<string[]> {
  return (await new DeltaFormat(output).listFiles({ table, location: path.join(output, table) })).map((f) => f.path);
}

/** The run folders inside a table (everything but the log). */
function runFolders(output: string, table: string): string[] {
  return fs.readdirSync(path.join(output, table)).filter((name) => !name.startsWith('_')).sort();
}

describe('publishing output', () => {
  it('a re-run replaces each table whole: no file of the previous run survives in it', async () => {
    const output = tempDir();
    const first = writeTree({
      'log_data/a.json': jsonLines([eventRecord({ ts: NOV, itemInSession: 1 }), eventRecord({ ts: DEC, itemInSession: 2 })]),
      'song_data/a.json': JSON.stringify(songRecord({ year: 1990 })),
    });
    const run1 = (await runEtl({ input: first, output })).runId;
    expect(await activeFiles(output, 'songplays')).toEqual([
      `${run1}/year=2018/month=11/part-00000.snappy.parquet`,
      `${run1}/year=2018/month=12/part-00000.snappy.parquet`,
    ]);
    const second = writeTree({
      'log_data/a.json': jsonLines([eventRecord({ ts: NOV, itemInSession: 3 })]),
      'song_data/a.json': JSON.stringify(songRecord({ year: 0 })),
    });
    const run2 = (await runEtl({ input: second, output })).runId;
    expect(await activeFiles(output, 'songplays')).toEqual([`${run2}/year=2018/month=11/part-00000.snappy.parquet`]);
    expect(await activeFiles(output, 'songs')).toEqual([
      `${run2}/year=__HIVE_DEFAULT_PARTITION__/part-00000.snappy.parquet`,
    ]);
    expect((await readTable(output, 'songplays')).height).toBe(1);
    // Retention keeps two versions: the current run's folder and the one before it, for readers still on it.
    expect(runFolders(output, 'songplays')).toEqual([run1, run2]);
    const run3 = (await runEtl({ input: second, output })).runId;
    expect(runFolders(output, 'songplays')).toEqual([run2, run3]);
    expect(fs.existsSync(path.join(output, COMMIT_LOCK_KEY))).toBe(false);
  });

  it('a run that fails before publishing leaves the previous tables as they were', async () => {
    const output = tempDir();
    await runEtl({ input: SAMPLE, output });
    const before = await snapshot(output);
    const lake = new DeltaFormat(output);
    const run = '99999999T000000000Z-failed';
    const locations = await lake.begin(run, ['songplays', 'users']);
    fs.mkdirSync(path.join(locations.songplays, 'year=2018', 'month=11'), { recursive: true });
    fs.writeFileSync(path.join(locations.songplays, 'year=2018', 'month=11', 'part-00000.snappy.parquet'), 'half a file');
    await lake.end(run, false);
    expect(await snapshot(output)).toEqual(before);
    expect(fs.existsSync(locations.songplays)).toBe(false);
    // And the next run is not confused by what the failed one left.
    await runEtl({ input: SAMPLE, output });
    expect(await snapshot(output)).toEqual(before);
  });

  it('a commit lock left by a killed run is taken over once it has expired', async () => {
    const output = tempDir();
    fs.writeFileSync(path.join(output, COMMIT_LOCK_KEY), JSON.stringify({ runId: 'killed', expires: Date.now() - 1000 }));
    await runEtl({ input: SAMPLE, output });
    expect((await readTable(output, 'songplays')).height).toBeGreaterThan(0);
    expect(fs.existsSync(path.join(output, COMMIT_LOCK_KEY))).toBe(false);
  });

  it('a run killed mid-write leaves the previous tables intact and readable, and the next run recovers', async () => {
    const big = tempDir('sparkify-big-');
    await generate({ out: big, songs: 2000, events: 300000, seed: 7 });
    const output = tempDir();
    await runEtl({ input: SAMPLE, output });
    const before = await snapshot(output);

    // Kill the second run as soon as it starts writing tables (SIGKILL: no cleanup code runs).
    const child = spawn(process.execPath, [path.join(REPO, 'bin', 'sparkify.js'), 'etl', '--input', big, '--output', output]);
    let stderr = '';
    await new Promise<void>((resolve, reject) => {
      child.stderr.on('data', (chunk) => {
        stderr += chunk;
        if (/wrote songplays/.test(stderr)) child.kill('SIGKILL');
      });
      child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`run was not killed: ${stderr}`))));
    });
    // The killed run left a run folder behind, uncommitted; readers never see it.
    expect(runFolders(output, 'songplays')).toHaveLength(2);
    expect(await snapshot(output)).toEqual(before);

    const next = await runEtl({ input: big, output });
    expect((await readTable(output, 'songplays')).height).toBeGreaterThan(100000);
    // The dead run's folder stays for an hour (it might still be writing, as far as retention can tell), never read.
    expect(await activeFiles(output, 'songplays')).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^${next.runId}/`))]));
    expect(fs.existsSync(path.join(output, COMMIT_LOCK_KEY))).toBe(false);
  }, 120_000);
});
