import * as fs from 'node:fs';
import * as path from 'node:path';
import pl from 'nodejs-polars';
import { describe, expect, it } from 'vitest';
import { tableByName, tableFolder } from '../src/catalog/tables';
import { fileStats } from '../src/delta/file-stats';
import { writeTable } from '../src/engines/local/write-table';
import { readParquetTable } from '../src/table-format/parquet-table';
import { sortedRows, tempDir, walkFiles } from './helpers';

/** Songs a folder per (year, artist): the seed's layout (SPARKIFY_LAYOUT=songs:by-artist), a table of many partitions. */
const SONGS = { ...tableByName('songs'), ...tableFolder('songs').layouts['by-artist'] };

/** A songs table of `artists` artists over three years (a null year among them): one partition per (year, artist). */
function songs(artists: number): pl.DataFrame {
  const n = artists * 2;
  return pl.DataFrame({
    song_id: Array.from({ length: n }, (_, i) => `SO${String(n - i).padStart(6, '0')}`),
    title: Array.from({ length: n }, (_, i) => `Song ${i} ÄÖ`),
    artist_id: Array.from({ length: n }, (_, i) => `AR${String(i % artists).padStart(5, '0')}`),
    year: Array.from({ length: n }, (_, i) => (i % 7 === 0 ? null : 2000 + (i % 3))),
    duration: Array.from({ length: n }, (_, i) => 100 + i / 10),
  }).select(pl.col('song_id'), pl.col('title'), pl.col('artist_id'), pl.col('year').cast(pl.Int32), pl.col('duration'));
}

const relative = (dir: string) => walkFiles(dir).filter((f) => f.endsWith('.parquet'));

/** The stats Polars computes over a written file's rows read back: what each reported file must carry. */
function statsOfFile(file: string, table = SONGS): string {
  return fileStats(pl.readParquet(file), table.columns.filter((c) => !table.partitionBy.includes(c.name)));
}

describe('writing a table', () => {
  it('a table of many partitions is written by worker threads: the same files, bytes and rows as one thread writes', async () => {
    const frame = songs(400);
    const threaded = tempDir('sparkify-write-workers-');
    const written = await writeTable(frame, SONGS, threaded);
    const files = relative(threaded);
    // Enough partitions for the worker threads (500 and more).
    expect(written.files).toBeGreaterThanOrEqual(500);
    expect([written.files, written.partitions]).toEqual([files.length, files.length]);
    // The files it reports are the files on disk, each with its size and stats: the run commits these without listing.
    expect(written.dataFiles.map(({ path, bytes }) => ({ path, bytes }))).toEqual(files.map((f) => ({ path: f, bytes: fs.statSync(path.join(threaded, f)).size })));
    for (const file of written.dataFiles) expect(file.stats).toBe(statsOfFile(path.join(threaded, file.path)));
    expect(files.every((f) => /^year=(\d{4}|__HIVE_DEFAULT_PARTITION__)\/artist_id=AR\d{5}\/part-00000\.snappy\.parquet$/.test(f))).toBe(true);
    expect(written.bytes).toBe(files.reduce((sum, f) => sum + fs.statSync(path.join(threaded, f)).size, 0));
    expect(sortedRows(readParquetTable(threaded, files.map((f) => ({ path: f })), 'songs'))).toEqual(sortedRows(frame));

    // The same table in pieces small enough for one thread (under 500 partitions each) writes identical files.
    const single = tempDir('sparkify-write-one-');
    const halves = [frame.filter(pl.col('artist_id').lt(pl.lit('AR00200'))), frame.filter(pl.col('artist_id').gtEq(pl.lit('AR00200')))];
    const halfFiles = [];
    for (const half of halves) {
      const part = await writeTable(half, SONGS, single);
      expect(part.files).toBeLessThan(500);
      halfFiles.push(...part.dataFiles);
    }
    expect(halfFiles.sort((a, b) => (a.path < b.path ? -1 : 1))).toEqual(written.dataFiles);
    expect(relative(single)).toEqual(files);
    for (const f of files) expect(fs.readFileSync(path.join(single, f)).equals(fs.readFileSync(path.join(threaded, f)))).toBe(true);
  });

  it('every file it reports carries the stats of its rows, written by Polars or by the small-file writer, partitioned or not', async () => {
    const songplays = tableByName('songplays');
    // 2,500 plays over two months (a partition beyond the small-file writer's 1,000 rows), 62-bit ids, microseconds, nulls.
    const n = 2500;
    const plays = pl.DataFrame({
      songplay_id: Array.from({ length: n }, (_, i) => 4611686018427387903n - BigInt(i) * 1000003n),
      start_time: Array.from({ length: n }, (_, i) => 1541106106796123n + BigInt(i) * 999999937n),
      user_id: Array.from({ length: n }, (_, i) => BigInt(i % 97)),
      level: Array.from({ length: n }, (_, i) => (i % 3 === 0 ? null : 'paid')),
      song_id: Array.from({ length: n }, (_, i) => (i % 5 === 0 ? null : `SO${i}`)),
      artist_id: Array.from({ length: n }, (_, i) => `AR${i % 13}`),
      session_id: Array.from({ length: n }, (_, i) => BigInt(i - 1500)),
      location: Array.from({ length: n }, (_, i) => `San Jose-Sunnyvale-Santa Clara, CA #${i % 11}`),
      user_agent: Array.from({ length: n }, () => 'Mozilla/5.0'),
      year: Array.from({ length: n }, () => 2018),
      month: Array.from({ length: n }, (_, i) => 11 + (i % 2)),
    }).withColumns(
      ...['songplay_id', 'user_id', 'session_id'].map((c) => pl.col(c).cast(pl.Int64)),
      pl.col('start_time').cast(pl.Datetime('us', 'UTC')),
      pl.col('year').cast(pl.Int32),
      pl.col('month').cast(pl.Int32),
    );
    const dir = tempDir('sparkify-write-stats-');
    const written = await writeTable(plays, songplays, dir);
    expect(written.dataFiles.map((f) => f.path)).toEqual(['year=2018/month=11/part-00000.snappy.parquet', 'year=2018/month=12/part-00000.snappy.parquet']);
    for (const file of written.dataFiles) expect(file.stats).toBe(statsOfFile(path.join(dir, file.path), songplays));
    expect(written.dataFiles[0].stats).toContain('"maxValues":{"songplay_id":4611686018427387903,');

    // Unpartitioned: one file; with no rows, still one file, whose stats count none.
    const users = tableByName('users');
    const someUsers = pl.DataFrame({ user_id: pl.Series([8n, 26n]).cast(pl.Int64), first_name: ['Kaylee', null], last_name: ['Summers', 'Smith'], gender: ['F', 'M'], level: ['free', 'paid'] }).withColumns(
      pl.Series('latest_event_time', [1541105830796123n, 1541106106796001n]).cast(pl.Datetime('us', 'UTC')),
    );
    const usersDir = tempDir('sparkify-write-users-');
    const [usersFile] = (await writeTable(someUsers, users, usersDir)).dataFiles;
    expect(usersFile.stats).toBe(statsOfFile(path.join(usersDir, usersFile.path), users));
    expect(JSON.parse(usersFile.stats!)).toMatchObject({ minValues: { latest_event_time: '2018-11-01T20:57:10.796Z' }, maxValues: { latest_event_time: '2018-11-01T21:01:46.797Z' } });
    const [emptyFile] = (await writeTable(someUsers.head(0), users, tempDir('sparkify-write-empty-'))).dataFiles;
    expect(JSON.parse(emptyFile.stats!)).toEqual({ numRecords: 0, minValues: {}, maxValues: {}, nullCount: Object.fromEntries(users.columns.map((c) => [c.name, 0])) });
  });

  it('a table of many small files reads the same in batches (each copied into one frame) as at once', async () => {
    const dir = tempDir('sparkify-read-batches-');
    const frame = songs(120);
    await writeTable(frame, SONGS, dir);
    const files = relative(dir).map((f) => ({ path: f }));
    const whole = readParquetTable(dir, files, 'songs');
    expect(sortedRows(whole)).toEqual(sortedRows(frame));
    const batched = readParquetTable(dir, files, 'songs', undefined, 7);
    expect(batched.schema).toEqual(whole.schema);
    expect(batched.rows()).toEqual(whole.rows());
    const keys = readParquetTable(dir, files, 'songs', ['song_id', 'year'], 7);
    expect(keys.rows()).toEqual(whole.select('song_id', 'year').rows());
  });
});
