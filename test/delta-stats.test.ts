import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import pl from 'nodejs-polars';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TABLES, tableByName } from '../src/catalog/tables';
import type { TableDef } from '../src/catalog/types';
import { fileStats } from '../src/delta/file-stats';
import { withFooterStats } from '../src/delta/files-footer-stats';
import { smallParquetFile, type SmallColumn } from '../src/parquet/small-file-writer';
import { generate } from '../src/generator/generate';
import { runEtl } from '../src/run/etl';
import { FolderStorage } from '../src/storage/folder-storage';
import { s3Client } from '../src/storage/s3-client';
import { S3Storage } from '../src/storage/s3-storage';
import { uploadDir } from '../src/storage/s3-upload';
import { sparkSubmitJob } from './delta-spark';
import { cli, SAMPLE, SPARK_TEST_TIMEOUT_MS, tempDir, walkFiles, type Json } from './helpers';
import { pythonAsync } from './lake-readers';
import { createBucket, startS3Server, type S3Server } from './s3-server';

/** A table's log as JSON actions, version by version (a fresh lake: commits only, no checkpoint). */
function logActions(tableRoot: string): Json[][] {
  const log = path.join(tableRoot, '_delta_log');
  return fs
    .readdirSync(log)
    .filter((f) => /^\d{20}\.json$/.test(f))
    .sort()
    .map((f) => fs.readFileSync(path.join(log, f), 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Json));
}

/** The add actions of a table's latest version (adds less removes), and its latest commitInfo. */
function latestLog(tableRoot: string): { adds: Json[]; commitInfo: Json } {
  const active = new Map<string, Json>();
  let commitInfo: Json = {};
  for (const actions of logActions(tableRoot)) {
    for (const a of actions) {
      if (a.add) active.set(a.add.path, a.add);
      if (a.remove) active.delete(a.remove.path);
      if (a.commitInfo) commitInfo = a.commitInfo;
    }
  }
  return { adds: [...active.values()], commitInfo };
}

/** The stats Polars computes over a Parquet file's rows (timestamps as the catalog stores them): the reference. */
function polarsStats(file: string, table: TableDef): string {
  const stored = table.columns.filter((c) => !table.partitionBy.includes(c.name));
  const frame = pl.readParquet(file).select(...stored.map((c) => (c.type === 'timestamp' ? pl.col(c.name).cast(pl.Datetime('us', 'UTC')) : pl.col(c.name))));
  return fileStats(frame, stored);
}


/**
 * delta-rs' reading of each table against the files themselves (pyarrow): its row count, the sum of numRecords as it
 * parses the stats, and every file's stats checked against the file's values. Integers and doubles must be exact,
 * timestamps within the millisecond they are rounded to (down for min, up for max), strings a prefix for min and
 * exact for max (absent beyond 32 characters), null counts exact, no bounds on a column of nulls only.
 */
const CHECK_STATS_WITH_DELTA_RS = `
import datetime, json, os, sys
from urllib.parse import unquote
import pyarrow as pa, pyarrow.compute as pc, pyarrow.parquet as pq
from deltalake import DeltaTable
out = {}
for root in sys.argv[1:]:
    dt = DeltaTable(root)
    adds = pa.table(dt.get_add_actions(flatten=True)).to_pylist()
    problems, bounded = [], set()
    for add in adds:
        data = pq.read_table(os.path.join(root, unquote(add['path'])))
        where = f"{os.path.basename(root)}/{add['path']}"
        if add['num_records'] != data.num_rows:
            problems.append(f"{where}: numRecords {add['num_records']}, rows {data.num_rows}")
        for column in data.column_names:
            values = data.column(column)
            if add.get(f'null_count.{column}') != values.null_count:
                problems.append(f"{where} {column}: nullCount {add.get(f'null_count.{column}')}, nulls {values.null_count}")
            low, high = add.get(f'min.{column}'), add.get(f'max.{column}')
            bounds = pc.min_max(values).as_py()
            actual_min, actual_max = bounds['min'], bounds['max']
            if actual_min is None:
                ok = low is None and high is None
            elif pa.types.is_string(values.type):
                ok = low is not None and actual_min.startswith(low) and (high == actual_max if len(actual_max) <= 32 else high is None)
            elif pa.types.is_timestamp(values.type):
                ms = datetime.timedelta(milliseconds=1)
                ok = low is not None and high is not None and low <= actual_min < low + ms and high - ms < actual_max <= high
            else:
                ok = low == actual_min and high == actual_max
            if not ok:
                problems.append(f"{where} {column}: stats {low!r}..{high!r}, values {actual_min!r}..{actual_max!r}")
            elif actual_min is not None:
                bounded.add(column)
    out[os.path.basename(root)] = {'rows': dt.to_pyarrow_table().num_rows, 'numRecords': sum(a['num_records'] for a in adds),
                                    'files': len(adds), 'problems': problems[:10], 'bounded': sorted(bounded)}
print(json.dumps(out))
`;

describe('the local engine: stats on every add action', () => {
  it('on the real sample, delta-rs reads stats that count every row and enclose every value; numOutputRows is the rows written', async () => {
    const output = tempDir('stats-sample-');
    const summary = await runEtl({ input: SAMPLE, output });
    const checked = await pythonAsync<Record<string, { rows: number; numRecords: number; files: number; problems: string[]; bounded: string[] }>>(
      CHECK_STATS_WITH_DELTA_RS,
      TABLES.map((t) => path.join(output, t.name)),
    );
    for (const table of TABLES) {
      const written = summary.tables.find((t) => t.table === table.name)!;
      const { adds, commitInfo } = latestLog(path.join(output, table.name));
      expect(adds.length).toBe(written.files);
      expect(adds.every((a) => typeof a.stats === 'string')).toBe(true);
      expect(adds.reduce((n, a) => n + (JSON.parse(a.stats) as { numRecords: number }).numRecords, 0)).toBe(written.rows);
      expect({ table: table.name, ...checked[table.name] }).toMatchObject({ table: table.name, rows: written.rows, numRecords: written.rows, files: written.files, problems: [] });
      expect(commitInfo.operationMetrics.numOutputRows).toBe(String(written.rows));
    }
    // Bounds were checked on columns of every kind: 62-bit ids, timestamps, strings, doubles, ints.
    expect(checked.songplays.bounded).toEqual(expect.arrayContaining(['songplay_id', 'start_time', 'user_id', 'level', 'location']));
    expect(checked.songs.bounded).toEqual(expect.arrayContaining(['song_id', 'title', 'duration']));
    expect(checked.artists.bounded).toEqual(expect.arrayContaining(['latitude', 'longitude']));
    expect(checked.time.bounded).toEqual(expect.arrayContaining(['start_time', 'hour', 'weekday']));
  });
});

/**
 * Parquet as Spark writes it (TIMESTAMP_MICROS, as the step runner sets it) for three catalog tables: 62-bit ids,
 * negative bigints, timestamps with microseconds, strings beyond ASCII and beyond 32 characters, doubles, ints, nulls,
 * a column of nulls only in one partition, and row groups of a few kilobytes so that files hold several.
 */
const WRITE_WITH_SPARK = `
import json, sys
from pyspark.sql import SparkSession, functions as F
out = sys.argv[1]
spark = SparkSession.builder.appName('footer-stats').getOrCreate()
spark.sparkContext.setLogLevel('ERROR')
spark.conf.set('spark.sql.parquet.outputTimestampType', 'TIMESTAMP_MICROS')
i = F.col('id')
rows = spark.range(3000)
month = (F.lit(11) + i % 2).cast('int')
songplays = rows.select(
    (F.lit(4611686018427387903) - i * 1000003).alias('songplay_id'),
    F.timestamp_micros(F.lit(1541106106796123) + i * 999999937).alias('start_time'),
    (i % 97).alias('user_id'),
    F.when(i % 3 == 0, None).otherwise(F.when(i % 2 == 0, 'paid').otherwise('free')).alias('level'),
    F.when(month == 12, None).otherwise(F.concat(F.lit('SO'), F.lpad(i.cast('string'), 6, '0'))).alias('song_id'),
    F.concat(F.lit('AR'), F.lit('Björk—'), (i % 13).cast('string')).alias('artist_id'),
    (i - 1500).alias('session_id'),
    F.when(i % 7 == 0, None).otherwise(F.concat(F.lit('San Jose-Sunnyvale-Santa Clara, CA #'), (i % 11).cast('string'))).alias('location'),
    F.concat(F.lit('Mozilla/5.0 '), i.cast('string')).alias('user_agent'),
    F.lit(2018).cast('int').alias('year'),
    month.alias('month'),
)
songplays.repartition(2).write.partitionBy('year', 'month').parquet(out + '/songplays')
artists = rows.limit(500).select(
    F.concat(F.lit('AR'), F.lpad(i.cast('string'), 5, '0')).alias('artist_id'),
    F.concat(F.lit('Ñame '), i.cast('string')).alias('name'),
    F.when(i % 4 == 0, None).otherwise(F.lit('Utah')).alias('location'),
    F.when(i % 5 == 0, None).otherwise(i / 7.0 - 35.123456789).alias('latitude'),
    F.when(i % 5 == 0, None).otherwise(-122.42005 + i * 1e-7).alias('longitude'),
)
artists.repartition(2).write.parquet(out + '/artists')
time = rows.select(F.timestamp_micros(F.lit(1541106106796999) + i * 3600000001).alias('start_time')).select(
    'start_time', F.hour('start_time').alias('hour'), F.dayofmonth('start_time').alias('day'), F.weekofyear('start_time').alias('week'),
    F.year('start_time').alias('year'), F.month('start_time').alias('month'), F.dayofweek('start_time').alias('weekday'))
time.write.partitionBy('year', 'month').parquet(out + '/time')
print('SPARK_WROTE ' + json.dumps({'out': out}))
spark.stop()
`;

/** Parquet files written by Spark, by table (written once, for the tests that need them). */
let sparkFolders: Promise<string> | null = null;
function sparkWritten(): Promise<string> {
  sparkFolders ??= (async () => {
    const out = path.join(tempDir('stats-spark-out-'), 'tables');
    await sparkSubmitJob(WRITE_WITH_SPARK, [out], 'SPARK_WROTE', { conf: { 'spark.hadoop.parquet.block.size': '4096' } });
    return out;
  })();
  return sparkFolders;
}

const parquetFiles = (dir: string) => walkFiles(dir).filter((f) => f.endsWith('.parquet'));

describe('stats from Parquet footers (files Spark wrote)', () => {
  it('equal what Polars computes over each file: numRecords, null counts, min and max of every type', async () => {
    const out = await sparkWritten();
    const rowGroups = await pythonAsync<Record<string, number>>(
      `import json, sys, pyarrow.parquet as pq\nprint(json.dumps({f: pq.ParquetFile(f).metadata.num_row_groups for f in sys.argv[1:]}))`,
      ['songplays', 'artists', 'time'].flatMap((t) => parquetFiles(path.join(out, t)).map((f) => path.join(out, t, f))),
    );
    expect(Math.max(...Object.values(rowGroups))).toBeGreaterThan(1); // bounds are combined across row groups
    for (const name of ['songplays', 'artists', 'time']) {
      const table = tableByName(name);
      const dir = path.join(out, name);
      const files = parquetFiles(dir).map((f) => ({ path: f, bytes: fs.statSync(path.join(dir, f)).size }));
      expect(files.length).toBeGreaterThan(1);
      const withStats = await withFooterStats(files, table, new FolderStorage(dir));
      for (const file of withStats) expect({ file: file.path, stats: file.stats }).toEqual({ file: file.path, stats: polarsStats(path.join(dir, file.path), table) });
    }
    // What the comparison covered, in the footer's own figures.
    const songplays = path.join(out, 'songplays');
    const [november, december] = ['month=11', 'month=12'].map((m) => parquetFiles(songplays).filter((f) => f.includes(m)));
    const texts = async (files: string[]) => (await withFooterStats(files.map((f) => ({ path: f, bytes: 0 })), tableByName('songplays'), new FolderStorage(songplays))).map((f) => f.stats);
    const novTexts = await texts(november);
    expect(novTexts.some((t) => t.includes('"maxValues":{"songplay_id":4611686018427387903,'))).toBe(true); // 2^62 - 1, exact
    const nov = novTexts.map((t) => JSON.parse(t) as Json);
    expect(nov.some((s) => s.minValues.session_id < 0)).toBe(true);
    expect(nov.every((s) => s.minValues.location === 'San Jose-Sunnyvale-Santa Clara, ' && s.maxValues.location === undefined)).toBe(true);
    const dec = (await texts(december)).map((t) => JSON.parse(t) as Json);
    expect(dec.every((s) => s.minValues.song_id === undefined && s.nullCount.song_id === s.numRecords)).toBe(true);
  }, SPARK_TEST_TIMEOUT_MS);

  it('a footer without column statistics gives numRecords and no bounds or null counts (readers then read the file)', async () => {
    const dir = tempDir('stats-no-footer-stats-');
    const table = tableByName('songs');
    // The kit's small-file writer leaves statistics out of its footers.
    const columns: SmallColumn[] = [
      { name: 'song_id', type: 'string', values: ['SOA', 'SOB'] },
      { name: 'title', type: 'string', values: ['a', null] },
      { name: 'duration', type: 'double', values: [1.5, 2] },
    ];
    fs.writeFileSync(path.join(dir, 'part.parquet'), smallParquetFile(columns, 0, 2));
    const [file] = await withFooterStats([{ path: 'part.parquet', bytes: 0 }], table, new FolderStorage(dir));
    expect(JSON.parse(file.stats)).toEqual({ numRecords: 2, minValues: {}, maxValues: {}, nullCount: {} });
  });
});

describe('stats from Parquet footers on S3 (ranged reads)', () => {
  let server: S3Server;
  beforeAll(async () => {
    server = await startS3Server();
    await createBucket('stats');
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('reads each footer from the end of the object and gives the same stats as from a folder', async () => {
    const dir = path.join(await sparkWritten(), 'songplays');
    await uploadDir(dir, 's3://stats/songplays');
    const s3 = new S3Storage('s3://stats/songplays');
    const files = parquetFiles(dir).map((f) => ({ path: f, bytes: fs.statSync(path.join(dir, f)).size }));
    const table = tableByName('songplays');
    expect(await withFooterStats(files, table, s3)).toEqual(await withFooterStats(files, table, new FolderStorage(dir)));

    const whole = fs.readFileSync(path.join(dir, files[0].path));
    expect((await s3.readTail(files[0].path, 8))!.equals(whole.subarray(whole.length - 8))).toBe(true);
    expect((await s3.readTail(files[0].path, whole.length + 100))!.equals(whole)).toBe(true);
    expect(await s3.readTail('no/such/file.parquet', 8)).toBeNull();
    // Uploaded with a Content-MD5, as Spark's s3a uploads: moto then echoes the whole object's on a ranged GET too.
    await s3Client().send(new PutObjectCommand({ Bucket: 'stats', Key: 'md5/part.parquet', Body: whole, ContentMD5: createHash('md5').update(whole).digest('base64') }));
    expect((await new S3Storage('s3://stats/md5').readTail('part.parquet', 8))!.equals(whole.subarray(whole.length - 8))).toBe(true);
  }, SPARK_TEST_TIMEOUT_MS);
});

/**
 * Spark with delta-spark reading songs with a `song_id = X` filter: the rows found and the scan's "number of files
 * read" metric (AQE off, so the executed plan is the scan's own), for each table given.
 */
const SPARK_FILTERED_SCAN = `
import json, sys
from pyspark.sql import SparkSession, functions as F
spark = SparkSession.builder.appName('delta-skipping').getOrCreate()
spark.sparkContext.setLogLevel('ERROR')
song_id = sys.argv[1]
out = {}
for path in sys.argv[2:]:
    frame = spark.read.format('delta').load(path).where(F.col('song_id') == song_id)
    rows = frame.collect()
    leaves = frame._jdf.queryExecution().executedPlan().collectLeaves()
    files = sum(leaves.apply(i).metrics().apply('numFiles').value() for i in range(leaves.size()) if leaves.apply(i).metrics().contains('numFiles'))
    out[path] = {'rows': len(rows), 'files': files}
print('SPARK_SCAN ' + json.dumps(out))
spark.stop()
`;

/** delta-rs: the table's files, and those its pyarrow dataset still reads for the filter (pruned by the add actions' stats). */
const DELTA_RS_FILTERED_SCAN = `
import json, sys
import pyarrow.dataset as ds
from deltalake import DeltaTable
song_id = sys.argv[1]
out = {}
for path in sys.argv[2:]:
    dataset = DeltaTable(path).to_pyarrow_dataset()
    match = ds.field('song_id') == song_id
    out[path] = {'total': len(list(dataset.get_fragments())), 'files': len(list(dataset.get_fragments(filter=match))), 'rows': dataset.to_table(filter=match).num_rows}
print(json.dumps(out))
`;

describe('readers skip files by the stats', () => {
  it('Spark (delta-spark) and delta-rs read a few of songs’ files for song_id = X, all of them without stats', async () => {
    const input = path.join(tempDir('stats-skip-input-'), 'data');
    await generate({ out: input, events: 2000, songs: 900, seed: 11 });
    const output = tempDir('stats-skip-lake-');
    // Songs a folder per artist (the seed's layout): hundreds of files, one or two songs each, to skip among.
    const run = cli(['etl', '--input', input, '--output', output], { env: { SPARKIFY_LAYOUT: 'songs:by-artist' } });
    expect(run.code, run.stderr).toBe(0);
    const songs = path.join(output, 'songs');
    // The same table with its stats taken out of the log: what every reader read before.
    const bare = path.join(output, 'songs-without-stats');
    fs.cpSync(songs, bare, { recursive: true });
    for (const file of fs.readdirSync(path.join(bare, '_delta_log')).filter((f) => f.endsWith('.json'))) {
      const log = path.join(bare, '_delta_log', file);
      const lines = fs.readFileSync(log, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Json);
      fs.writeFileSync(log, lines.map((a) => JSON.stringify(a.add ? { add: { ...a.add, stats: undefined } } : a)).join('\n') + '\n');
    }
    const { adds } = latestLog(songs);
    const single = adds.filter((a) => (JSON.parse(a.stats) as Json).numRecords === 1);
    const songId = (JSON.parse(single[Math.floor(single.length / 2)].stats) as Json).minValues.song_id as string;

    const spark = await sparkSubmitJob<Record<string, { rows: number; files: number }>>(SPARK_FILTERED_SCAN, [songId, songs, bare], 'SPARK_SCAN', {
      delta: true,
      conf: { 'spark.sql.adaptive.enabled': 'false' },
    });
    const deltaRs = await pythonAsync<Record<string, { total: number; files: number; rows: number }>>(DELTA_RS_FILTERED_SCAN, [songId, songs, bare]);
    console.log(
      `songs: ${adds.length} files; song_id = '${songId}': Spark read ${spark[songs].files} files with stats, ${spark[bare].files} without; ` +
        `delta-rs ${deltaRs[songs].files} with stats, ${deltaRs[bare].files} without`,
    );
    expect(adds.length).toBeGreaterThan(400);
    for (const read of [spark[songs], spark[bare], deltaRs[songs], deltaRs[bare]]) expect(read.rows).toBe(1);
    expect([spark[bare].files, deltaRs[bare].files, deltaRs[songs].total]).toEqual([adds.length, adds.length, adds.length]);
    expect(spark[songs].files).toBeGreaterThanOrEqual(1);
    expect(spark[songs].files).toBeLessThan(adds.length / 3);
    expect(deltaRs[songs].files).toBeGreaterThanOrEqual(1);
    expect(deltaRs[songs].files).toBeLessThan(adds.length / 3);
  }, SPARK_TEST_TIMEOUT_MS);
});
