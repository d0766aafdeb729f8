import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generate } from '../src/generator/generate';
import { listRunManifests, readRunManifest } from '../src/lake-log/read-manifest';
import { openStorage } from '../src/storage/open-storage';
import { runEtl, type EtlSummary } from '../src/run/etl';
import { formatEtlSummary } from '../src/run/etl-summary';
import { QualityGateError } from '../src/run/quality-gate';
import { deltaRsRows, kitRows } from './lake-readers';
import { cli, SAMPLE, tempDir } from './helpers';
import { deliver, expectIncrementalEqualsFull, filesBelow, incremental, redeliver } from './incremental-feed';
import { deltaRsWrite } from './foreign-writers';

describe('incremental runs', () => {
  it('on the real sample, day by day with a re-delivered day and a late event, equal one full run (ids included)', async () => {
    const logs = filesBelow(SAMPLE, 'log_data');
    expect(logs).toHaveLength(30);
    const input = tempDir('sparkify-inc-in-');
    const lake = tempDir('sparkify-inc-lake-');

    // Day 1 with the whole catalogue: an empty lake, so a full load.
    deliver(SAMPLE, input, [...filesBelow(SAMPLE, 'song_data'), logs[0]]);
    const first = await incremental(input, lake);
    expect(first.incremental?.fullLoad).toMatch(/no run yet/);

    // Day 2 alone: the run reads one log file and no song file.
    deliver(SAMPLE, input, [logs[1]]);
    const second = await incremental(input, lake);
    expect(second.incremental?.read).toEqual([
      { source: 'song_data', files: 0, listed: 71 },
      { source: 'log_data', files: 1, listed: 2 },
    ]);
    expect(second.sources.find((s) => s.source === 'raw_events')?.files).toBe(1);
    expect(formatEtlSummary(second)).toContain('read 0 of 71 song_data files, 1 of 2 log_data files');
    expect(second.incremental?.modes).toEqual({ songs: 'unchanged', artists: 'unchanged', users: 'overwrite', songplays: 'append', time: 'append' });

    // Nothing new: nothing read, nothing committed.
    const runsBefore = await listRunManifests(openStorage(lake));
    const idle = await incremental(input, lake);
    expect(idle.incremental?.nothingNew).toBe(true);
    expect(formatEtlSummary(idle)).toMatch(/^nothing new since run .*nothing committed$/);
    expect(await listRunManifests(openStorage(lake))).toEqual(runsBefore);

    // Days 3-9 delivered: `sparkify status` shows them pending, and what the last runs read.
    deliver(SAMPLE, input, logs.slice(2, 9));
    const status = cli(['status', '--output', lake, '--input', input]);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain(`run ${second.runId} (incremental over ${first.runId}, local engine`);
    expect(status.stdout).toContain(`read 1 file (0 song_data, 1 log_data) from ${input}\n    ${logs[1]}`);
    expect(status.stdout).toContain(`pending in ${input}: 7 new files, 0 re-delivered with other content, of 80 listed\n  ${logs[2]}`);
    // Every table gets a commit per run (an unchanged one records the run only), so all five name the latest run.
    expect(status.stdout).toContain(['songplays', 'users', 'songs', 'artists', 'time'].map((t) => `  ${t} v1: run ${second.runId}`).join('\n'));
    const json = JSON.parse(cli(['status', '--output', lake, '--input', input, '--json']).stdout);
    expect(json.pending.files.map((f: { path: string }) => f.path)).toEqual(logs.slice(2, 9));
    await incremental(input, lake);
    expect(cli(['status', '--output', lake, '--input', input]).stdout).toContain(`pending in ${input}: nothing (80 files listed, all consumed)`);

    // Day 2 re-delivered with its events again plus one more play; and a late event in day 10's batch: an older
    // event of a user with the other level, which must not overwrite the level of their newer events.
    const day2 = fs.readFileSync(path.join(SAMPLE, logs[1]), 'utf8').trim().split('\n');
    const play = JSON.parse(day2.find((l) => JSON.parse(l).page === 'NextSong')!);
    redeliver(input, logs[1], [JSON.stringify({ ...play, itemInSession: 9001, ts: play.ts + 1000 })]);
    const late = { ...play, itemInSession: 9002, ts: play.ts - 1000, level: play.level === 'paid' ? 'free' : 'paid' };
    deliver(SAMPLE, input, logs.slice(9, 20));
    fs.writeFileSync(path.join(input, 'log_data', '2018', '11', 'late-arrivals.json'), JSON.stringify(late) + '\n');
    const redelivered = await incremental(input, lake);
    // The re-delivered day, its batch and the late file; the plays of day 2 already in the lake are not added again.
    expect(redelivered.incremental?.read.find((r) => r.source === 'log_data')?.files).toBe(13);
    const manifest = await readRunManifest(openStorage(lake), redelivered.runId);
    expect(manifest?.nextSongEvents?.alreadyInLake).toBeGreaterThan(0);

    deliver(SAMPLE, input, logs.slice(20));
    await incremental(input, lake);
    await expectIncrementalEqualsFull(input, lake);
  }, 600_000);

  it('on generated data, with songs arriving later and --rematch, equal one full run', async () => {
    const source = tempDir('sparkify-inc-gen-');
    await generate({ out: source, songs: 300, events: 12000, seed: 21, matchRate: 0.4, days: 30 });
    const songs = filesBelow(source, 'song_data');
    const logs = filesBelow(source, 'log_data');
    expect(logs.length).toBe(30);
    const input = tempDir('sparkify-inc-in-');
    const lake = tempDir('sparkify-inc-lake-');

    const half = Math.floor(songs.length / 2);
    const batches: Array<{ songs: string[]; logs: string[] }> = [
      { songs: songs.slice(0, half), logs: logs.slice(0, 1) },
      { songs: [], logs: logs.slice(1, 2) },
      { songs: songs.slice(half), logs: logs.slice(2, 12) },
      { songs: [], logs: logs.slice(12) },
    ];
    for (const batch of batches) {
      deliver(source, input, [...batch.songs, ...batch.logs]);
      await incremental(input, lake);
    }
    // Plays of the first days that only songs delivered later match are not re-matched: songplays differs from a
    // full run until --rematch reads the logs again.
    const fullNow = tempDir('sparkify-full-');
    await runEtl({ input, output: fullNow });
    const [before, full] = [await kitRows(lake), await kitRows(fullNow)];
    expect(before.songplays.length).toBe(full.songplays.length);
    expect(before.songplays).not.toEqual(full.songplays);
    expect(before.users).toEqual(full.users);
    expect(before.time).toEqual(full.time);
    expect(before.songs).toEqual(full.songs);
    expect(before.artists).toEqual(full.artists);
    const rematched: EtlSummary = await incremental(input, lake, { rematch: true });
    expect(rematched.incremental?.read.find((r) => r.source === 'log_data')?.files).toBe(30);
    expect(rematched.incremental?.modes.songplays).toBe('overwrite');
    await expectIncrementalEqualsFull(input, lake);
  }, 600_000);

  it('a failed gate commits nothing and leaves the bookmark: the next run reads the same files again', async () => {
    const logs = filesBelow(SAMPLE, 'log_data');
    const input = tempDir('sparkify-inc-in-');
    const lake = tempDir('sparkify-inc-lake-');
    deliver(SAMPLE, input, [...filesBelow(SAMPLE, 'song_data'), logs[0]]);
    const first = await incremental(input, lake);

    // Day 2 arrives with a level no check accepts: the users and songplays checks block the commit.
    deliver(SAMPLE, input, [logs[1]]);
    const good = fs.readFileSync(path.join(input, logs[1]), 'utf8');
    fs.writeFileSync(path.join(input, logs[1]), good.replaceAll('"level":"paid"', '"level":"gold"'));
    await expect(incremental(input, lake)).rejects.toThrow(QualityGateError);
    expect(await listRunManifests(openStorage(lake))).toEqual([first.runId]);
    // The failed run's folders are gone; each table is still at version 0.
    for (const table of ['songplays', 'users', 'time']) {
      expect(fs.readdirSync(path.join(lake, table)).filter((f) => !f.startsWith('_'))).toEqual([first.runId]);
    }

    // Fixed and delivered again: the next run reads the same day and commits it.
    fs.writeFileSync(path.join(input, logs[1]), good);
    const retry = await incremental(input, lake);
    expect(retry.incremental?.read.find((r) => r.source === 'log_data')).toEqual({ source: 'log_data', files: 1, listed: 2 });
    expect(retry.checks.every((c) => c.status !== 'fail')).toBe(true);
  }, 300_000);

  it('the gate checks the appended rows of a table the kit checked, and the whole table once another writer committed to it', async () => {
    const logs = filesBelow(SAMPLE, 'log_data');
    const input = tempDir('sparkify-inc-gate-in-');
    const lake = tempDir('sparkify-inc-gate-lake-');
    deliver(SAMPLE, input, [...filesBelow(SAMPLE, 'song_data'), logs[0]]);
    const first = await incremental(input, lake);
    deliver(SAMPLE, input, [logs[1]]);
    const day2 = cli(['etl', '--input', input, '--output', lake, '--incremental']);
    expect(day2.code, day2.stderr).toBe(0);
    expect(day2.stdout + day2.stderr).toContain(`gate: row checks of songplays, time over the rows this run appends (run ${first.runId} checked the rest)`);

    // delta-rs appends a play with a level no check accepts: the next run may no longer take the base as checked.
    const [appended] = await deltaRsWrite(path.join(lake, 'songplays'), [
      { op: 'append', rows: [{ songplay_id: 4611686018427387000n, start_time: '2018-11-02T23:00:00Z', user_id: 8, level: 'gold', session_id: 1, year: 2018, month: 11 }] },
    ]);
    expect(appended.commits.map((c) => c.operation)).toEqual(['WRITE']);
    deliver(SAMPLE, input, [logs[2]]);
    const day3 = cli(['etl', '--input', input, '--output', lake, '--incremental']);
    expect(day3.code).not.toBe(0);
    expect(day3.stdout + day3.stderr).toContain('gate: row checks of time over the rows this run appends');
    expect(day3.stderr).toContain('songplays.level accepted_values [free, paid]');
  }, 300_000);

  it('a lake laid out otherwise (songs a folder per artist) gets a full load that lays it out anew, which delta-rs reads whole', async () => {
    const logs = filesBelow(SAMPLE, 'log_data');
    const input = tempDir('sparkify-inc-layout-in-');
    const lake = tempDir('sparkify-inc-layout-lake-');
    deliver(SAMPLE, input, [...filesBelow(SAMPLE, 'song_data'), logs[0]]);
    expect(cli(['etl', '--input', input, '--output', lake], { env: { SPARKIFY_LAYOUT: 'songs:by-artist' } }).code).toBe(0);
    // Read with today's catalog (songs by year), the older layout still reads whole: artist_id from its folders.
    expect((await kitRows(lake)).songs).toEqual((await deltaRsRows(lake)).songs.rows);
    expect(cli(['skew', '--output', lake]).stdout).toMatch(/songs \(partitioned by year, artist_id\): 71 rows, 69 files/);
    deliver(SAMPLE, input, [logs[1]]);
    const run = cli(['etl', '--input', input, '--output', lake, '--incremental']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('incremental: songs is partitioned by year, artist_id in the lake, by year in the catalog: a full load lays it out anew');
    const songs = await deltaRsRows(lake);
    expect(songs.songs.rows).toEqual((await kitRows(lake)).songs);
    expect(songs.songs.rows).toHaveLength(71);
    // The next day merges into the new layout.
    deliver(SAMPLE, input, [logs[2]]);
    const next = cli(['etl', '--input', input, '--output', lake, '--incremental']);
    expect(next.code, next.stderr).toBe(0);
    expect(next.stdout).not.toContain('a full load');
    await expectIncrementalEqualsFull(input, lake);
  }, 300_000);

  it('refuses the options it cannot honour, in one line with exit 2, before reading anything', () => {
    const lake = tempDir('sparkify-inc-refused-');
    const emr = ['--engine', 'emr', '--code-prefix', 's3://code/kit'];
    const refusals: [string[], string][] = [
      [['--rematch'], 'sparkify: --rematch goes with --incremental'],
      [['--incremental', '--no-wait', ...emr], 'sparkify: --incremental cannot be used with --no-wait: the run must wait for its step to merge it'],
      [['--incremental', '--dry-run', ...emr], `sparkify: --dry-run shows a full run's plan; to see what --incremental would read: sparkify status --output ${lake} --input ${SAMPLE}`],
    ];
    for (const [extra, line] of refusals) {
      const run = cli(['etl', '--input', SAMPLE, '--output', lake, ...extra]);
      expect(run.code).toBe(2);
      expect(run.stderr.trim()).toBe(line);
    }
    expect(fs.readdirSync(lake)).toEqual([]);
  });
});
