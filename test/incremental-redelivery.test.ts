import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRunManifest } from '../src/lake-log/read-manifest';
import { openStorage } from '../src/storage/open-storage';
import { runEtl } from '../src/run/etl';
import { formatEtlSummary } from '../src/run/etl-summary';
import { kitRows } from './lake-readers';
import { cli, SAMPLE, SPARK_TEST_TIMEOUT_MS, tempDir } from './helpers';
import { deliver, expectIncrementalEqualsFull, filesBelow, incremental } from './incremental-feed';

/**
 * A re-delivered file that corrects or drops records, a file removed from the input, and an edit that keeps a file's
 * size and time: an incremental run cannot fold them in by appending, so it says so (run summary, manifest, status),
 * and --rebuild-affected makes the lake equal a full rebuild of the same input, judged row by row.
 */

const plays = (lines: string[]) => lines.filter((l) => JSON.parse(l).page === 'NextSong');

/** Rewrites a delivered log file: its first `dropped` plays removed, the next `corrected` plays' location changed. */
function correctDay(input: string, rel: string, dropped: number, corrected: number): void {
  const file = path.join(input, rel);
  const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
  const nextSongs = plays(lines);
  const drop = new Set(nextSongs.slice(0, dropped));
  const fix = new Set(nextSongs.slice(dropped, dropped + corrected));
  const out = lines.filter((l) => !drop.has(l)).map((l) => (fix.has(l) ? JSON.stringify({ ...JSON.parse(l), location: 'Corrected City, CA' }) : l));
  fs.writeFileSync(file, out.join('\n') + '\n');
}

/** The lake's songplays at this input, as a full run would make them. */
async function fullRebuildPlays(input: string): Promise<number> {
  const lake = tempDir('sparkify-redeliver-full-');
  await runEtl({ input, output: lake });
  return (await kitRows(lake)).songplays.length;
}

describe('re-delivered and removed input files in incremental runs', () => {
  it('are named by the run, the manifest and status until --rebuild-affected makes the lake equal a full rebuild', async () => {
    const logs = filesBelow(SAMPLE, 'log_data');
    const songs = filesBelow(SAMPLE, 'song_data');
    const input = tempDir('sparkify-redeliver-in-');
    const lake = tempDir('sparkify-redeliver-lake-');
    deliver(SAMPLE, input, [...songs, ...logs.slice(0, 10)]);
    await incremental(input, lake);

    // Day 4 re-delivered with 10 plays removed and 10 locations corrected; day 6 removed from the input.
    correctDay(input, logs[3], 10, 10);
    fs.rmSync(path.join(input, logs[5]));
    deliver(SAMPLE, input, [logs[10]]);
    const merged = await incremental(input, lake);
    const warning = merged.incremental?.notFolded?.warning ?? '';
    expect(warning).toContain(`1 file (${logs[3]}) re-delivered with other content`);
    expect(warning).toContain(`1 file (${logs[5]}) gone from the input`);
    expect(warning).toContain('--rebuild-affected');
    expect(formatEtlSummary(merged)).toContain(`warning: ${warning}`);
    expect((await readRunManifest(openStorage(lake), merged.runId))?.notFolded).toEqual({ changed: [logs[3]], gone: [logs[5]], warning });
    // The scenario matters: appending cannot drop the removed plays.
    expect((await kitRows(lake)).songplays.length).toBeGreaterThan(await fullRebuildPlays(input));

    // They stay pending (status names them) and every run says so again, even with nothing new to read.
    const status = cli(['status', '--output', lake, '--input', input]);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain(`${logs[3]}`);
    expect(status.stdout).toContain('(changed since it was read)');
    expect(status.stdout).toContain(`gone from ${input}: 1 file the lake read`);
    expect(status.stdout).toContain(`  ${logs[5]}`);
    const again = await incremental(input, lake);
    expect(again.incremental?.notFolded?.warning).toBe(warning);

    const rebuilt = cli(['etl', '--input', input, '--output', lake, '--incremental', '--rebuild-affected']);
    expect(rebuilt.stderr + rebuilt.stdout).not.toContain('warning: incremental');
    expect(rebuilt.code, rebuilt.stderr).toBe(0);
    await expectIncrementalEqualsFull(input, lake);
    expect(cli(['status', '--output', lake, '--input', input]).stdout).toContain(`pending in ${input}: nothing`);

    // An edit that keeps the file's size and modification time: the content hash tells it.
    const day8 = path.join(input, logs[7]);
    const before = fs.statSync(day8);
    const text = fs.readFileSync(day8, 'utf8');
    const edited = text.includes('"level":"free"') ? text.replace('"level":"free"', '"level":"paid"') : text.replace('"level":"paid"', '"level":"free"');
    expect(edited).not.toBe(text);
    fs.writeFileSync(day8, edited);
    fs.utimesSync(day8, before.atime, before.mtime);
    expect(fs.statSync(day8).size).toBe(before.size);
    expect(fs.statSync(day8).mtime.getTime()).toBe(before.mtime.getTime());
    expect(cli(['status', '--output', lake, '--input', input]).stdout).toContain(`${logs[7]}  `);
    await incremental(input, lake, { rebuildAffected: true });
    await expectIncrementalEqualsFull(input, lake);

    // A re-delivered song file feeds every play's match: --rebuild-affected then rebuilds the whole lake.
    const songFile = path.join(input, songs[0]);
    const song = JSON.parse(fs.readFileSync(songFile, 'utf8'));
    fs.writeFileSync(songFile, JSON.stringify({ ...song, title: `${song.title} (Remastered)` }) + '\n');
    const full = await incremental(input, lake, { rebuildAffected: true });
    expect(full.incremental?.fullLoad).toContain(`--rebuild-affected: 1 file (${songs[0]}) of song_data re-delivered or removed: a full rebuild`);
    await expectIncrementalEqualsFull(input, lake);
  }, 900_000);

  it('on the Spark engine, --rebuild-affected after a corrected and a removed day equals a full Spark run', async () => {
    const logs = filesBelow(SAMPLE, 'log_data');
    const input = tempDir('sparkify-redeliver-spark-in-');
    const lake = tempDir('sparkify-redeliver-spark-lake-');
    deliver(SAMPLE, input, [...filesBelow(SAMPLE, 'song_data'), ...logs.slice(0, 8)]);
    await incremental(input, lake, { engine: 'spark' });
    correctDay(input, logs[2], 10, 10);
    fs.rmSync(path.join(input, logs[4]));
    const rebuilt = await incremental(input, lake, { engine: 'spark', rebuildAffected: true });
    expect(rebuilt.incremental?.notFolded).toBeUndefined();
    expect(rebuilt.incremental?.modes).toMatchObject({ users: 'overwrite', songplays: 'overwrite', time: 'overwrite' });
    await expectIncrementalEqualsFull(input, lake, 'spark');
  }, 3 * SPARK_TEST_TIMEOUT_MS);
});
