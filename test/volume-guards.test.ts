import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { guardOf } from '../src/catalog/guards';
import { evaluateGuards, volumeBand } from '../src/run/publish-guards';
import type { RunManifest } from '../src/lake-log/run-manifest';
import { cliAsync, SAMPLE, SPARK_TEST_TIMEOUT_MS, tempDir } from './helpers';
import { deliver, filesBelow } from './incremental-feed';

/**
 * The volume band and the freshness guard (src/catalog/guards.ts) warn, never block: a day whose plays fall far below
 * the median of the days before it (a lost file, a half-delivered day), a run that adds no new day, events from the
 * future. Runs record their plays per day in the manifest, the band's history; `sparkify status` shows the runs and
 * each table's freshness.
 */

const logs = filesBelow(SAMPLE, 'log_data');
const songs = filesBelow(SAMPLE, 'song_data');
const dayFile = (day: number) => logs.find((f) => f.endsWith(`2018-11-${String(day).padStart(2, '0')}-events.json`))!;

/** Delivers a day's log with only every tenth line kept: a tenth of its usual volume. */
function deliverTenth(input: string, day: number): void {
  const rel = dayFile(day);
  const lines = fs.readFileSync(path.join(SAMPLE, rel), 'utf8').trim().split('\n');
  fs.mkdirSync(path.dirname(path.join(input, rel)), { recursive: true });
  fs.writeFileSync(path.join(input, rel), lines.filter((_, i) => i % 10 === 0).join('\n') + '\n');
}

function manifestOf(lake: string, runId: string): RunManifest {
  return JSON.parse(fs.readFileSync(path.join(lake, '_runs', `${runId}.json`), 'utf8'));
}

const BAND_WARNING = (day: string) =>
  new RegExp(`warn guard volume-band songplays: 1 of \\d+ days? outside their band \\(0\\.2× to 4× the median of up to 28 trailing days\\): ${day} has \\d+ plays, below its band \\[\\d+(\\.\\d)?, \\d+(\\.\\d)?\\] \\(median \\d+(\\.\\d)? of \\d+ trailing days\\)`);

describe('volume band and freshness guards', () => {
  it('an incremental day at a tenth of its volume warns and commits; status shows the runs and each table’s freshness', async () => {
    const input = tempDir('sparkify-volume-inc-in-');
    const lake = tempDir('sparkify-volume-inc-lake-');
    deliver(SAMPLE, input, [...songs, ...logs.slice(0, 28)]);
    // Three versions kept, so all three runs keep their manifests (the history status shows).
    const first = await cliAsync(['etl', '--input', input, '--output', lake, '--keep-versions', '3', '--json']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).not.toMatch(/guard volume-band/);
    const base = manifestOf(lake, JSON.parse(first.stdout).runId);
    expect(Object.keys(base.dailyPlays!)).toHaveLength(28);
    expect(Object.values(base.dailyPlays!).reduce((a, b) => a + b, 0)).toBe(base.tables.find((t) => t.table === 'songplays')!.rows);
    // Every judged day of the real sample lies inside its band: the guard passed quietly.
    expect(base.checks.find((c) => c.name === 'guard volume-band songplays')).toMatchObject({ status: 'pass' });

    deliverTenth(input, 29);
    const thin = await cliAsync(['etl', '--input', input, '--output', lake, '--incremental', '--keep-versions', '3', '--json']);
    expect(thin.code, thin.stderr).toBe(0);
    expect(thin.stderr).toMatch(BAND_WARNING('2018-11-29'));
    // The manifest counts the whole table: the base's days plus the day appended.
    const next = manifestOf(lake, JSON.parse(thin.stdout).runId);
    const appended = next.dailyPlays!['2018-11-29'];
    expect(appended).toBeGreaterThan(0);
    expect(appended).toBeLessThan(base.dailyPlays!['2018-11-28'] / 5);
    expect(next.dailyPlays).toEqual({ ...base.dailyPlays, '2018-11-29': appended });

    // Day 30 at its usual volume is inside its band (day 29 is in its history, the median shrugs it off).
    deliver(SAMPLE, input, [dayFile(30)]);
    const normal = await cliAsync(['etl', '--input', input, '--output', lake, '--incremental', '--keep-versions', '3']);
    expect(normal.code, normal.stderr).toBe(0);
    expect(normal.stderr).not.toMatch(/warn guard/);

    const status = await cliAsync(['status', '--output', lake]);
    expect(status.code, status.stderr).toBe(0);
    const out = status.stdout;
    expect(out.split('\n')[0]).toBe(`lake at ${lake}: 3 kept runs`);
    expect(out).toMatch(/^last 3 runs, newest first \(records loaded \/ quarantined per source; songplays as the run left it\):$/m);
    expect(out).toMatch(/^ {2}run +mode +finished +raw_songs +raw_events +songplays +newest play +guards$/m);
    const rows = out.split('\n').filter((l) => /^ {2}\d{8}T\d+Z-\w+ /.test(l));
    expect(rows).toHaveLength(3);
    const total = Object.values(next.dailyPlays!).reduce((a, b) => a + b, 0);
    expect(rows[0]).toMatch(/ incremental +\S+Z +0 \/ 0 +\d+ \/ 0 +\d+ +2018-11-30 +—$/);
    expect(rows[1]).toMatch(new RegExp(` incremental +\\S+Z +0 / 0 +\\d+ / 0 +${total} +2018-11-29 +warned: volume-band songplays$`));
    expect(rows[2]).toMatch(new RegExp(` full +\\S+Z +71 / 0 +\\d+ / 0 +${total - appended} +2018-11-28 +—$`));
    expect(out).toMatch(/^freshness \(songplays, time: newest start_time from the Delta file statistics; others: when their latest version was committed\):$/m);
    expect(out).toMatch(/^ {2}songplays newest start_time 2018-11-30T\S+Z \(\d+ days ago\)$/m);
    expect(out).toMatch(/^ {2}time {6}newest start_time 2018-11-30T\S+Z \(\d+ days ago\)$/m);
    expect(out).toMatch(/^ {2}users {5}committed v2 \S+Z \((just now|\d+ minutes? ago)\)$/m);
    const json = JSON.parse((await cliAsync(['status', '--output', lake, '--json'])).stdout);
    expect(json.runs[1].guardsWarned).toEqual(['guard volume-band songplays']);
    expect(json.freshness.map((f: { table: string }) => f.table)).toEqual(['songplays', 'users', 'songs', 'artists', 'time']);
  }, 180_000);

  it('a full run with a day at a tenth of its volume warns, naming the day, its plays and its band', async () => {
    const input = tempDir('sparkify-volume-full-in-');
    deliver(SAMPLE, input, [...songs, ...logs.filter((f) => f !== dayFile(20))]);
    deliverTenth(input, 20);
    const run = await cliAsync(['etl', '--input', input, '--output', tempDir('sparkify-volume-full-lake-')]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(BAND_WARNING('2018-11-20'));
  }, 120_000);

  it('a run that adds no new day warns: a full run over the same input, and an incremental run of a late file', async () => {
    const input = tempDir('sparkify-volume-stale-in-');
    const lake = tempDir('sparkify-volume-stale-lake-');
    deliver(SAMPLE, input, [...songs, ...logs]);
    expect((await cliAsync(['etl', '--input', input, '--output', lake])).code).toBe(0);
    const again = await cliAsync(['etl', '--input', input, '--output', lake]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/warn guard freshness songplays: newest play of this run 2018-11-30T19:54:24\.796Z, of the lake 2018-11-30T19:54:24\.796Z: the run adds no new day \(the lake holds 2018-11-30 already\)/);

    // Plays later on the lake's newest day: newer than the lake, but no new day.
    const day30 = fs.readFileSync(path.join(SAMPLE, dayFile(30)), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const late = day30.filter((e) => e.page === 'NextSong').slice(0, 3).map((e, i) => ({ ...e, sessionId: 90_000 + i, ts: Date.parse('2018-11-30T21:00:00Z') + i * 1000 }));
    fs.writeFileSync(path.join(input, 'log_data/2018/11/2018-11-30-late.json'), late.map((e) => JSON.stringify(e)).join('\n') + '\n');
    const inc = await cliAsync(['etl', '--input', input, '--output', lake, '--incremental']);
    expect(inc.code, inc.stderr).toBe(0);
    expect(inc.stderr).toMatch(/warn guard freshness songplays: newest play of this run 2018-11-30T21:00:02\.000Z, of the lake 2018-11-30T19:54:24\.796Z: the run adds no new day/);
  }, 180_000);

  it('the Spark engine warns on the same thin day (a full run)', async () => {
    const input = tempDir('sparkify-volume-spark-in-');
    deliver(SAMPLE, input, [...songs, ...logs.filter((f) => f !== dayFile(20))]);
    deliverTenth(input, 20);
    const run = await cliAsync(['etl', '--input', input, '--output', tempDir('sparkify-volume-spark-lake-'), '--engine', 'spark', '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(BAND_WARNING('2018-11-20'));
  }, SPARK_TEST_TIMEOUT_MS);

  it('the band and the freshness guard as functions: medians, a tenth of the usual volume, events from the future', () => {
    const guard = guardOf('volume-band');
    const daily: Record<string, number> = {};
    for (let d = 1; d <= 10; d++) daily[`2018-11-${String(d).padStart(2, '0')}`] = 100 + d;
    daily['2018-11-11'] = 10;
    // Fewer than seven trailing days: not judged.
    expect(volumeBand(daily, '2018-11-07', guard)).toBeNull();
    expect(volumeBand(daily, '2018-11-11', guard)).toMatchObject({ median: 105.5, low: 21.1, high: 422 });
    const manifest = { runId: 'r', engine: 'local', input: 'in', finishedAt: '2018-11-12T00:00:00.000Z', sources: [{ source: 'raw_events', files: 1, bytes: 1, records: 11, quarantined: 0 }], nextSongEvents: null, tables: [], quarantined: 0, checks: [] } as RunManifest;
    const file = (max: string) => ({ path: 'p', bytes: 1, stats: JSON.stringify({ numRecords: 1, maxValues: { start_time: max } }) });
    const run = (newest: string, addedDays: string[]) => ({ manifest, files: { songplays: [file(newest)] }, incremental: true, overrides: [], dailyPlays: daily, addedDays });
    const lake = { rows: {}, newestPlay: Date.parse('2018-11-10T12:00:00Z') };
    const thin = evaluateGuards(run('2018-11-11T10:00:00Z', ['2018-11-11']), lake).filter((c) => c.name.startsWith('guard volume-band'));
    expect(thin).toMatchObject([{ status: 'fail', severity: 'warn', detail: expect.stringContaining('2018-11-11 has 10 plays, below its band [21.1, 422] (median 105.5 of 10 trailing days)') }]);
    const usual = evaluateGuards(run('2018-11-10T13:00:00Z', ['2018-11-10']), lake);
    expect(usual.find((c) => c.name.startsWith('guard volume-band'))).toMatchObject({ status: 'pass' });
    expect(usual.find((c) => c.name.startsWith('guard freshness'))?.detail).toMatch(/the run adds no new day/);
    const future = evaluateGuards(run('2018-11-14T00:00:00Z', ['2018-11-11']), lake).filter((c) => c.name.startsWith('guard freshness'));
    expect(future).toMatchObject([{ status: 'fail', severity: 'warn', detail: expect.stringMatching(/newest play of this run 2018-11-14T00:00:00\.000Z is more than 1 day after the run's clock 2018-11-12T00:00:00\.000Z: events from the future/) }]);
  });
});
