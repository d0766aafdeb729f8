import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRunManifest } from '../src/lake-log/read-manifest';
import { openStorage } from '../src/storage/open-storage';
import { SAMPLE, tempDir } from './helpers';
import { deliver, expectIncrementalEqualsFull, filesBelow, incremental, redeliver } from './incremental-feed';

/**
 * The Spark engine runs the same incremental steps (each table's merge.sql through its dialect) with the generic step
 * runner: the real sample in days, with a re-delivered day and a late event, equals one full Spark run.
 * Each run is a spark-submit (a JVM start), so the days come in four runs.
 */
describe('incremental runs on the Spark engine', () => {
  it('the sample in days, with a re-delivered day and a late event, equals one full Spark run (ids included)', async () => {
    const logs = filesBelow(SAMPLE, 'log_data');
    const input = tempDir('sparkify-inc-spark-in-');
    const lake = tempDir('sparkify-inc-spark-lake-');
    const spark = (extra: { rematch?: boolean } = {}) => incremental(input, lake, { ...extra, engine: 'spark' });

    deliver(SAMPLE, input, [...filesBelow(SAMPLE, 'song_data'), logs[0]]);
    expect((await spark()).incremental?.fullLoad).toMatch(/no run yet/);

    deliver(SAMPLE, input, [logs[1]]);
    const oneDay = await spark();
    expect(oneDay.incremental?.read).toEqual([
      { source: 'song_data', files: 0, listed: 71 },
      { source: 'log_data', files: 1, listed: 2 },
    ]);
    expect(oneDay.sources.find((s) => s.source === 'raw_events')?.files).toBe(1);
    expect(oneDay.tables.map((t) => t.table)).toEqual(['songplays', 'users', 'time']);

    const day2 = fs.readFileSync(path.join(SAMPLE, logs[1]), 'utf8').trim().split('\n');
    const play = JSON.parse(day2.find((l) => JSON.parse(l).page === 'NextSong')!);
    redeliver(input, logs[1], [JSON.stringify({ ...play, itemInSession: 9001, ts: play.ts + 1000 })]);
    deliver(SAMPLE, input, logs.slice(2, 15));
    const late = { ...play, itemInSession: 9002, ts: play.ts - 1000, level: play.level === 'paid' ? 'free' : 'paid' };
    fs.writeFileSync(path.join(input, 'log_data', '2018', '11', 'late-arrivals.json'), JSON.stringify(late) + '\n');
    const merged = await spark();
    expect((await readRunManifest(openStorage(lake), merged.runId))?.nextSongEvents?.alreadyInLake).toBeGreaterThan(0);

    deliver(SAMPLE, input, logs.slice(15));
    await spark();
    await expectIncrementalEqualsFull(input, lake, 'spark');
  }, 1_800_000);
});
