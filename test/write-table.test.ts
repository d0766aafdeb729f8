import * as fs from 'node:fs';
import * as path from 'node:path';
import pl from 'nodejs-polars';
import { describe, expect, it } from 'vitest';
import { tableByName } from '../src/catalog/tables';
import { writeTable } from '../src/engines/local/write-table';
import { readParquetTable } from '../src/table-format/parquet-table';
import { sortedRows, tempDir, walkFiles } from './helpers';

const SONGS = tableByName('songs');

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

describe('writing a table', () => {
  it('a table of many partitions is written by worker threads: the same files, bytes and rows as one thread writes', async () => {
    const frame = songs(400);
    const threaded = tempDir('sparkify-write-workers-');
    const written = await writeTable(frame, SONGS, threaded);
    const files = relative(threaded);
    // Enough partitions for the worker threads (500 and more).
    expect(written.files).toBeGreaterThanOrEqual(500);
    expect([written.files, written.partitions]).toEqual([files.length, files.length]);
    // The files it reports are the files on disk, each with its size: the run commits these without listing.
    expect(written.dataFiles).toEqual(files.map((f) => ({ path: f, bytes: fs.statSync(path.join(threaded, f)).size })));
    expect(files.every((f) => /^year=(\d{4}|__HIVE_DEFAULT_PARTITION__)\/artist_id=AR\d{5}\/part-00000\.snappy\.parquet$/.test(f))).toBe(true);
    expect(written.bytes).toBe(files.reduce((sum, f) => sum + fs.statSync(path.join(threaded, f)).size, 0));
    expect(sortedRows(readParquetTable(threaded, files, 'songs'))).toEqual(sortedRows(frame));

    // The same table in pieces small enough for one thread (under 500 partitions each) writes identical files.
    const single = tempDir('sparkify-write-one-');
    const halves = [frame.filter(pl.col('artist_id').lt(pl.lit('AR00200'))), frame.filter(pl.col('artist_id').gtEq(pl.lit('AR00200')))];
    for (const half of halves) expect((await writeTable(half, SONGS, single)).files).toBeLessThan(500);
    expect(relative(single)).toEqual(files);
    for (const f of files) expect(fs.readFileSync(path.join(single, f)).equals(fs.readFileSync(path.join(threaded, f)))).toBe(true);
  });

  it('a table of many small files reads the same in batches (each copied into one frame) as at once', async () => {
    const dir = tempDir('sparkify-read-batches-');
    const frame = songs(120);
    await writeTable(frame, SONGS, dir);
    const files = relative(dir);
    const whole = readParquetTable(dir, files, 'songs');
    expect(sortedRows(whole)).toEqual(sortedRows(frame));
    const batched = readParquetTable(dir, files, 'songs', undefined, 7);
    expect(batched.schema).toEqual(whole.schema);
    expect(batched.rows()).toEqual(whole.rows());
    const keys = readParquetTable(dir, files, 'songs', ['song_id', 'year'], 7);
    expect(keys.rows()).toEqual(whole.select('song_id', 'year').rows());
  });
});
