import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import pl from 'nodejs-polars';
import { runEtl, type EtlSummary } from '../src/run/etl';
import { readTable } from '../src/table-format/read-table';
import { activeFiles, SAMPLE, sampleEvents, sampleSongs, tempDir, type Json } from './helpers';

/** The songplay id spelled out independently: two polynomial hashes mod primes, high and low 31 bits. */
function expectedSongplayId(...key: number[]): number {
  const hash = (modulus: bigint, base: bigint) =>
    key.slice(1).reduce((acc, k) => (acc * base + (BigInt(k) % modulus)) % modulus, BigInt(key[0]) % modulus);
  return Number(hash(2147483647n, 1103515245n) * 2147483648n + hash(2147483629n, 69069n));
}

const rows = (frame: pl.DataFrame): Json[] => frame.toRecords();

describe('the star schema built from the real sample', () => {
  const output = tempDir();
  const events = sampleEvents();
  const songs = sampleSongs();
  const plays = events.filter((e) => e.page === 'NextSong');
  let summary: EtlSummary;
  const tables: Record<string, Json[]> = {};

  beforeAll(async () => {
    summary = await runEtl({ input: SAMPLE, output });
    for (const name of ['songplays', 'users', 'songs', 'artists', 'time']) tables[name] = rows(await readTable(output, name));
  });

  it('reads every file and quarantines nothing', () => {
    expect(summary.sources.map((s) => [s.source, s.files, s.records, s.quarantined])).toEqual([
      ['raw_songs', 71, songs.length, 0],
      ['raw_events', 30, events.length, 0],
    ]);
    expect(summary.quarantined).toBe(0);
  });

  it('songplays: one row per NextSong event, keyed by a stable id from the natural key', () => {
    expect(tables.songplays).toHaveLength(new Set(plays.map((e) => `${e.userId}/${e.sessionId}/${e.itemInSession}`)).size);
    expect(new Set(tables.songplays.map((r) => r.songplay_id)).size).toBe(tables.songplays.length);
    const event = plays.find((e) => e.userId === '8' && e.sessionId === 139 && e.itemInSession === 1)!;
    const row = tables.songplays.find((r) => r.songplay_id === expectedSongplayId(8, 139, 1))!;
    expect(row).toBeDefined();
    expect(row.start_time.getTime()).toBe(event.ts);
    expect(row).toMatchObject({
      user_id: 8,
      level: event.level,
      song_id: null,
      artist_id: null,
      session_id: 139,
      location: event.location,
      user_agent: event.userAgent.slice(1, -1),
      year: 2018,
      month: 11,
    });
  });

  it('songplays: the one play whose title, artist and duration match a song carries its ids', () => {
    const matches = plays.flatMap((e) =>
      songs.filter((s) => s.title === e.song && s.artist_name === e.artist && s.duration === e.length).map((s) => ({ e, s })),
    );
    expect(matches).toHaveLength(1);
    const matched = tables.songplays.filter((r) => r.song_id !== null);
    expect(matched).toHaveLength(1);
    const [{ e, s }] = matches;
    expect(matched[0]).toMatchObject({
      songplay_id: expectedSongplayId(Number(e.userId), e.sessionId, e.itemInSession),
      song_id: s.song_id,
      artist_id: s.artist_id,
      user_id: Number(e.userId),
    });
    expect(matched[0].start_time.getTime()).toBe(e.ts);
  });

  it('users: one row per user with an id, on any page, with the level of their latest event', () => {
    const latest = new Map<string, Json>();
    for (const e of events) {
      if (e.userId === '') continue;
      const seen = latest.get(e.userId);
      if (!seen || e.ts > seen.ts || (e.ts === seen.ts && e.itemInSession > seen.itemInSession)) latest.set(e.userId, e);
    }
    expect(tables.users).toHaveLength(latest.size);
    const levels = new Map<string, Set<string>>();
    for (const e of events) if (e.userId !== '') levels.set(e.userId, (levels.get(e.userId) ?? new Set()).add(e.level));
    const changed = [...levels].filter(([, l]) => l.size > 1).map(([id]) => id);
    expect(changed).toHaveLength(8);
    for (const id of changed) {
      const row = tables.users.find((u) => u.user_id === Number(id))!;
      const e = latest.get(id)!;
      expect(row).toEqual({ user_id: Number(id), first_name: e.firstName, last_name: e.lastName, gender: e.gender, level: e.level, latest_event_time: new Date(e.ts) });
    }
  });

  it('songs: one row per song, year 0 as null, partitioned by year, each file sorted by artist', async () => {
    expect(tables.songs).toHaveLength(songs.length);
    const unknownYear = songs.find((s) => s.year === 0)!;
    expect(tables.songs.find((r) => r.song_id === unknownYear.song_id)).toEqual({
      song_id: unknownYear.song_id,
      title: unknownYear.title,
      artist_id: unknownYear.artist_id,
      year: null,
      duration: unknownYear.duration,
    });
    // The table's active files: the run's folder inside the table, then the Hive partition folders.
    const files = await activeFiles(output, 'songs');
    expect(files).toContain(`${summary.runId}/year=__HIVE_DEFAULT_PARTITION__/part-00000.snappy.parquet`);
    const years = new Set(songs.map((s) => (s.year === 0 ? '__HIVE_DEFAULT_PARTITION__' : String(s.year))));
    expect(files.sort()).toEqual([...years].map((y) => `${summary.runId}/year=${y}/part-00000.snappy.parquet`).sort());
    // Inside a year's file, rows follow artist_id then song_id: an artist's songs sit together for readers to skip to.
    const unknown = pl.readParquet(path.join(output, 'songs', `${summary.runId}/year=__HIVE_DEFAULT_PARTITION__/part-00000.snappy.parquet`));
    const order = unknown.select('artist_id', 'song_id').rows().map((r) => r.join('|'));
    expect(order).toEqual([...order].sort());
  });

  it('artists: one row per artist, empty locations as null', () => {
    const ids = new Set(songs.map((s) => s.artist_id));
    expect(tables.artists).toHaveLength(ids.size);
    const s = songs.find((x) => x.artist_location === '' && x.artist_latitude === null)!;
    expect(tables.artists.find((a) => a.artist_id === s.artist_id)).toEqual({
      artist_id: s.artist_id,
      name: s.artist_name,
      location: null,
      latitude: null,
      longitude: null,
    });
    const located = songs.find((x) => x.artist_latitude !== null && x.artist_location !== '')!;
    expect(tables.artists.find((a) => a.artist_id === located.artist_id)).toMatchObject({
      location: located.artist_location,
      latitude: located.artist_latitude,
      longitude: located.artist_longitude,
    });
  });

  it('time: one row per distinct play time, with UTC parts and ISO weekday', () => {
    const times = [...new Set(plays.map((e) => e.ts as number))];
    expect(tables.time).toHaveLength(times.length);
    // 2018-11-04 was a Sunday: ISO weekday 7, ISO week 44.
    const sunday = times.find((t) => new Date(t).getUTCDay() === 0)!;
    const d = new Date(sunday);
    expect(tables.time.find((r) => r.start_time.getTime() === sunday)).toMatchObject({
      hour: d.getUTCHours(),
      day: d.getUTCDate(),
      month: d.getUTCMonth() + 1,
      year: d.getUTCFullYear(),
      weekday: 7,
      week: d.getUTCDate() <= 4 ? 44 : expect.any(Number),
    });
    expect(fs.existsSync(path.join(output, 'time', summary.runId, 'year=2018', 'month=11'))).toBe(true);
  });

  it('writes Spark-readable types: bigint ids, UTC timestamps, int parts', async () => {
    const sp = await readTable(output, 'songplays');
    expect(sp.getColumn('songplay_id').dtype.variant).toBe('Int64');
    const file = (await activeFiles(output, 'time')).find((f) => f.endsWith('.parquet'))!;
    const stored = pl.readParquet(path.join(output, 'time', file));
    // Partition columns live in folder names, not in the files, as Spark writes them.
    expect(stored.columns).toEqual(['start_time', 'hour', 'day', 'week', 'weekday']);
    expect(String(stored.getColumn('start_time').dtype)).toContain('UTC');
    expect(stored.getColumn('hour').dtype.variant).toBe('Int32');
  });
});
