import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliAsync, SAMPLE, SPARK_TEST_TIMEOUT_MS, tempDir, walkFiles } from './helpers';
import { deltaHistory, deltaRsFilesAndRows, deltaRsQuery, deltaRsWrite, sparkDeltaSql, type DeltaRsFiles } from './foreign-writers';
import { startMotoWithBuckets, type MotoServer } from './moto-server';

/**
 * A smoke test of the foreign-writer harness (test/foreign-writers.ts): delta-rs and Spark change a lake the kit
 * built from data/sample, and delta-rs' reading of each table shows what they did.
 */

const DELTA_RS_ENGINE = /^delta-rs:py-1\.6\.\d+$/;
const SPARK_ENGINE = /^Apache-Spark\/3\.5\.\d+ Delta-Lake\/3\.3\.\d+$/;

async function kitLake(output: string, env: Record<string, string> = {}): Promise<void> {
  const run = await cliAsync(['etl', '--input', SAMPLE, '--output', output], { env });
  if (run.code !== 0) throw new Error(`sparkify etl failed: ${run.stderr}`);
}

/** The data files in a folder table (not the log, not hidden sidecars), as absolute paths. */
function parquetOnDisk(table: string): string[] {
  return walkFiles(table)
    .filter((f) => f.endsWith('.parquet') && !f.startsWith('_delta_log') && !path.basename(f).startsWith('.'))
    .map((f) => path.join(table, f))
    .sort();
}

/** A regular expression source matching `text` literally. */
function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

async function count(table: string, where: string, env: Record<string, string> = {}): Promise<number> {
  const [row] = await deltaRsQuery(table, `SELECT count(*) AS n FROM t WHERE ${where}`, env);
  return Number(row.n);
}

describe('foreign writers on a folder lake the kit wrote', () => {
  let lake: string;
  let runId: string;
  beforeAll(async () => {
    lake = path.join(tempDir('foreign-writers-'), 'lake');
    await kitLake(lake);
    runId = fs.readdirSync(path.join(lake, '_runs'))[0].replace(/\.json$/, '');
  });

  it('delta-rs appends, deletes, compacts, z-orders, checkpoints, sets properties and vacuums', async () => {
    // Three users appended in the table's own schema: a 62-bit id, timestamps as ISO (µs) and epoch ms, a null.
    const users = path.join(lake, 'users');
    const usersBefore = await deltaRsFilesAndRows(users);
    const [appended] = await deltaRsWrite(users, [
      {
        op: 'append',
        rows: [
          { user_id: 100001, first_name: 'Ada', last_name: 'Lovelace', gender: 'F', level: 'paid', latest_event_time: '2018-11-30T12:00:00.123456Z' },
          { user_id: 100002n, first_name: 'Alan', last_name: null, gender: 'M', level: 'free', latest_event_time: Date.UTC(2018, 10, 30, 13) },
          { user_id: 4611686018427387903n, first_name: 'Grace', last_name: 'Hopper', gender: 'F', level: 'paid', latest_event_time: new Date(Date.UTC(2018, 10, 30, 14)) },
        ],
      },
    ]);
    expect(appended.version).toBe(usersBefore.version + 1);
    expect(appended.commits.map((c) => [c.operation, c.operationMetrics.num_added_rows])).toEqual([['WRITE', 3]]);
    expect((await deltaRsFilesAndRows(users)).rows).toBe(usersBefore.rows + 3);
    expect(await deltaRsQuery(users, 'SELECT user_id, last_name, latest_event_time FROM t WHERE user_id > 100000 ORDER BY user_id')).toEqual([
      { user_id: '100001', last_name: 'Lovelace', latest_event_time: '2018-11-30T12:00:00.123456+00:00' },
      { user_id: '100002', last_name: null, latest_event_time: '2018-11-30T13:00:00+00:00' },
      { user_id: '4611686018427387903', last_name: 'Hopper', latest_event_time: '2018-11-30T14:00:00+00:00' },
    ]);

    // songplays: an append (a second file in 2018-11), a delete by predicate, a compaction, a checkpoint.
    const songplays = path.join(lake, 'songplays');
    const playsBefore = await deltaRsFilesAndRows(songplays);
    const user49 = await count(songplays, 'user_id = 49');
    expect(user49).toBeGreaterThan(0);
    const ops = await deltaRsWrite(songplays, [
      {
        op: 'append',
        rows: [
          { songplay_id: 4611686018427387000n, start_time: '2018-11-30T23:00:00Z', user_id: 100001, level: 'paid', session_id: 1, year: 2018, month: 11 },
          { songplay_id: 4611686018427387001n, start_time: '2018-11-30T23:05:00Z', user_id: 100001, level: 'paid', session_id: 1, year: 2018, month: 11 },
        ],
      },
      { op: 'delete', predicate: 'user_id = 49' },
      { op: 'optimize-compact' },
      { op: 'checkpoint' },
    ]);
    const v = playsBefore.version;
    expect(ops.map((r) => [r.op, r.version, r.commits.map((c) => c.operation)])).toEqual([
      ['append', v + 1, ['WRITE']],
      ['delete', v + 2, ['DELETE']],
      ['optimize-compact', v + 3, ['OPTIMIZE']],
      ['checkpoint', v + 3, []],
    ]);
    expect(ops[1].reported).toMatchObject({ num_deleted_rows: user49 });
    expect(ops[2].reported).toMatchObject({ numFilesAdded: 1, numFilesRemoved: 2 });
    expect(fs.existsSync(path.join(songplays, '_delta_log', `${String(v + 3).padStart(20, '0')}.checkpoint.parquet`))).toBe(true);
    const compacted = await deltaRsFilesAndRows(songplays);
    expect(compacted.rows).toBe(playsBefore.rows + 2 - user49);
    // delta-rs writes its files at the table root, in Hive folders (not in a kit run folder).
    expect(compacted.files).toHaveLength(1);
    expect(compacted.files[0]).toMatch(new RegExp(`^${literal(songplays)}/year=2018/month=11/part-00000-[0-9a-f-]{36}-c000\\.(zstd|snappy)\\.parquet$`));
    const history = await deltaHistory(songplays);
    expect(history.slice(0, 3).map((h) => [h.version, h.operation])).toEqual([[v + 3, 'OPTIMIZE'], [v + 2, 'DELETE'], [v + 1, 'WRITE']]);
    for (const h of history.slice(0, 3)) expect(h.engineInfo).toMatch(DELTA_RS_ENGINE);
    expect(history[history.length - 1]).toMatchObject({ version: 0, engineInfo: 'sparkify-lake-kit', userMetadata: runId });

    // songs: z-order rewrites every file (one per partition) and keeps every row.
    const songs = path.join(lake, 'songs');
    const songsBefore = await deltaRsFilesAndRows(songs);
    const [zorder] = await deltaRsWrite(songs, [{ op: 'optimize-zorder', columns: ['song_id'] }]);
    expect(zorder.commits.map((c) => c.operation)).toEqual(['OPTIMIZE']);
    expect(zorder.reported).toMatchObject({ numFilesRemoved: songsBefore.files.length, numFilesAdded: songsBefore.files.length });
    const songsAfter = await deltaRsFilesAndRows(songs);
    expect(songsAfter.rows).toBe(songsBefore.rows);
    expect(songsAfter.files.filter((f) => songsBefore.files.includes(f))).toEqual([]);

    // Properties, a constraint, the deletion-vector feature: the protocol each leaves (see the report in the log).
    const [props] = await deltaRsWrite(users, [
      { op: 'set-properties', properties: { 'delta.logRetentionDuration': 'interval 30 days', 'delta.checkpointInterval': '5' } },
    ]);
    const usersAfter = await deltaRsFilesAndRows(users);
    expect(usersAfter.configuration).toMatchObject({ 'delta.logRetentionDuration': 'interval 30 days', 'delta.checkpointInterval': '5' });
    expect(props.protocol).toEqual({ minReaderVersion: 1, minWriterVersion: 2, readerFeatures: null, writerFeatures: null });
    const [constraint] = await deltaRsWrite(path.join(lake, 'artists'), [{ op: 'add-constraint', name: 'has_id', expr: 'artist_id IS NOT NULL' }]);
    expect(constraint.protocol).toEqual({ minReaderVersion: 1, minWriterVersion: 3, readerFeatures: null, writerFeatures: null });
    // On songs (its columns are NOT NULL: Spark counts that as the feature invariants), which Spark then refuses below.
    const [dv] = await deltaRsWrite(songs, [{ op: 'enable-deletion-vectors' }]);
    expect(dv.protocol).toEqual({ minReaderVersion: 3, minWriterVersion: 7, readerFeatures: ['deletionVectors'], writerFeatures: ['deletionVectors'] });
    console.log('protocols after set-properties / add-constraint / enable-deletion-vectors:', JSON.stringify([props.protocol, constraint.protocol, dv.protocol]));

    // Vacuum with 0 hours: every file of a removed version (the kit's run file among them) goes from disk.
    const onDiskBefore = parquetOnDisk(songplays);
    expect(onDiskBefore).toContain(path.join(songplays, runId, 'year=2018', 'month=11', 'part-00000.snappy.parquet'));
    const [vacuum] = await deltaRsWrite(songplays, [{ op: 'vacuum', retentionHours: 0 }]);
    expect(vacuum.commits.map((c) => c.operation)).toEqual(['VACUUM START', 'VACUUM END']);
    const deleted = (vacuum.reported as { deletedFiles: string[] }).deletedFiles.map((f) => path.join(songplays, f)).sort();
    expect(deleted).toEqual(onDiskBefore.filter((f) => !compacted.files.includes(f)));
    expect(parquetOnDisk(songplays)).toEqual(compacted.files);
    expect((await deltaRsFilesAndRows(songplays)).rows).toBe(compacted.rows);
  });

  it('Spark MERGEs, INSERTs, DELETEs, OPTIMIZEs, sets appendOnly, VACUUMs and writes deletion vectors where enabled', async () => {
    const table = (name: string) => path.join(lake, name);
    const before: Record<string, DeltaRsFiles> = {};
    for (const name of ['users', 'songplays', 'time']) before[name] = await deltaRsFilesAndRows(table(name));
    const [first] = await deltaRsQuery(table('users'), 'SELECT user_id, level FROM t WHERE user_id < 100000 ORDER BY user_id LIMIT 1');
    const flipped = first.level === 'free' ? 'paid' : 'free';
    const user80 = await count(table('songplays'), 'user_id = 80');
    const hour0 = await count(table('time'), 'hour = 0');

    const statements: Record<string, string> = {
      merge: `MERGE INTO delta.\`${table('users')}\` AS u
        USING (SELECT * FROM VALUES (${first.user_id}L, 'X', 'Y', 'F', '${flipped}', TIMESTAMP'2018-12-01 00:00:00'),
                                    (9999L, 'New', 'User', 'M', 'paid', TIMESTAMP'2018-12-01 00:00:00')
               AS s(user_id, first_name, last_name, gender, level, latest_event_time)) AS s
        ON u.user_id = s.user_id
        WHEN MATCHED THEN UPDATE SET level = s.level
        WHEN NOT MATCHED THEN INSERT *`,
      insert: `INSERT INTO delta.\`${table('songplays')}\` VALUES (7L, TIMESTAMP'2018-11-30 23:30:00', 9999L, 'paid', NULL, NULL, 1L, 'Here', 'Spark', 2018, 11)`,
      delete: `DELETE FROM delta.\`${table('songplays')}\` WHERE user_id = 80`,
      optimize: `OPTIMIZE delta.\`${table('songplays')}\``,
      appendOnly: `ALTER TABLE delta.\`${table('songplays')}\` SET TBLPROPERTIES ('delta.appendOnly' = 'true')`,
      vacuum: `VACUUM delta.\`${table('songplays')}\` RETAIN 0 HOURS`,
      deleteAppendOnly: `DELETE FROM delta.\`${table('songplays')}\` WHERE user_id = 9999`,
      // Spark turns deletion vectors on for a kit table itself, and its DELETE then writes one.
      enableDv: `ALTER TABLE delta.\`${table('time')}\` SET TBLPROPERTIES ('delta.enableDeletionVectors' = 'true')`,
      deleteDv: `DELETE FROM delta.\`${table('time')}\` WHERE hour = 0`,
      // songs got the deletionVectors feature from delta-rs, whose protocol no longer lists invariants.
      readSongs: `SELECT count(*) AS n FROM delta.\`${table('songs')}\``,
      deleteSongs: `DELETE FROM delta.\`${table('songs')}\` WHERE year IS NULL`,
    };
    const names = Object.keys(statements);
    const results = Object.fromEntries(
      (await sparkDeltaSql(Object.values(statements), { continueOnError: true })).map((r, i) => [names[i], r]),
    );
    const expectedErrors = ['deleteAppendOnly', 'readSongs', 'deleteSongs'];
    expect(names.filter((n) => !expectedErrors.includes(n) && results[n].error)).toEqual([]);
    expect(results.deleteAppendOnly.error).toMatch(/DELTA_CANNOT_MODIFY_APPEND_ONLY/);
    // delta-spark 3.3 neither reads nor writes a table delta-rs gave deletion vectors (see enable-deletion-vectors).
    for (const n of ['readSongs', 'deleteSongs']) expect(results[n].error).toMatch(/DELTA_FEATURES_PROTOCOL_METADATA_MISMATCH.*not listed in protocol: invariants/);
    expect(results.merge.rows).toEqual([{ num_affected_rows: '2', num_updated_rows: '1', num_deleted_rows: '0', num_inserted_rows: '1' }]);
    expect(results.delete.rows).toEqual([{ num_affected_rows: String(user80) }]);
    expect(JSON.parse(results.optimize.rows[0].metrics!)).toMatchObject({ numFilesAdded: 1, numFilesRemoved: 2 });
    expect(results.deleteDv.rows).toEqual([{ num_affected_rows: String(hour0) }]);

    // users: one MERGE commit by Spark, no deletion vectors (the table does not enable them), the level flipped.
    const users = await deltaRsFilesAndRows(table('users'));
    expect(users.version).toBe(before.users.version + 1);
    expect(users.rows).toBe(before.users.rows + 1);
    const [merge] = await deltaHistory(table('users'));
    expect(merge).toMatchObject({ operation: 'MERGE', engineInfo: expect.stringMatching(SPARK_ENGINE), clientVersion: null });
    expect(merge.operationMetrics).toMatchObject({ numTargetRowsUpdated: '1', numTargetRowsInserted: '1', numTargetDeletionVectorsAdded: '0' });
    expect(await deltaRsQuery(table('users'), `SELECT user_id, level FROM t WHERE user_id IN (${first.user_id}, 9999) ORDER BY user_id`)).toEqual([
      { user_id: first.user_id, level: flipped },
      { user_id: '9999', level: 'paid' },
    ]);

    // songplays: six commits, rows as expected, one Spark file; the files of older versions are gone from disk.
    const plays = await deltaRsFilesAndRows(table('songplays'));
    const v = before.songplays.version;
    expect(plays.version).toBe(v + 6);
    expect((await deltaHistory(table('songplays'))).slice(0, 6).map((h) => [h.version, h.operation, SPARK_ENGINE.test(h.engineInfo ?? '')])).toEqual([
      [v + 6, 'VACUUM END', true],
      [v + 5, 'VACUUM START', true],
      [v + 4, 'SET TBLPROPERTIES', true],
      [v + 3, 'OPTIMIZE', true],
      [v + 2, 'DELETE', true],
      [v + 1, 'WRITE', true],
    ]);
    expect(plays.rows).toBe(before.songplays.rows + 1 - user80);
    expect(plays.configuration).toMatchObject({ 'delta.appendOnly': 'true' });
    expect(plays.protocol).toEqual({ minReaderVersion: 1, minWriterVersion: 2, readerFeatures: null, writerFeatures: null });
    expect(plays.files).toHaveLength(1);
    expect(plays.files[0]).toMatch(new RegExp(`^${literal(table('songplays'))}/year=2018/month=11/part-00000-[0-9a-f-]{36}\\.c000\\.snappy\\.parquet$`));
    expect(parquetOnDisk(table('songplays'))).toEqual(plays.files);
    for (const f of before.songplays.files) expect(fs.existsSync(f)).toBe(false);

    // time: Spark's DELETE wrote a deletion vector (a .bin at the table root); delta-rs applies it when it reads.
    const time = await deltaRsFilesAndRows(table('time'));
    expect(time.rows).toBe(before.time.rows - hour0);
    expect(time.files).toEqual(before.time.files);
    // Spark keeps the legacy features writer 2 implied (delta-rs' add_feature drops them).
    expect(time.protocol).toEqual({ minReaderVersion: 3, minWriterVersion: 7, readerFeatures: ['deletionVectors'], writerFeatures: ['appendOnly', 'deletionVectors', 'invariants'] });
    expect(time.configuration).toMatchObject({ 'delta.enableDeletionVectors': 'true' });
    const [dvDelete] = await deltaHistory(table('time'));
    expect(dvDelete.operationMetrics).toMatchObject({ numDeletionVectorsAdded: '1', numDeletedRows: String(hour0) });
    expect(fs.readdirSync(table('time')).filter((f) => /^deletion_vector_[0-9a-f-]{36}\.bin$/.test(f))).toHaveLength(1);
  }, SPARK_TEST_TIMEOUT_MS);
});

describe('foreign writers on an S3 lake (moto)', () => {
  let moto: MotoServer;
  const lake = 's3://lake/foreign';
  beforeAll(async () => {
    ({ moto } = await startMotoWithBuckets(['lake']));
    await kitLake(lake, moto.env);
  });
  afterAll(async () => {
    await moto?.stop();
  });

  it('delta-rs appends and Spark deletes over s3a; delta-rs reads both', async () => {
    const users = `${lake}/users`;
    const before = await deltaRsFilesAndRows(users, moto.env);
    const [appended] = await deltaRsWrite(
      users,
      [{ op: 'append', rows: [{ user_id: 100001, first_name: 'Ada', level: 'paid', latest_event_time: '2018-11-30T12:00:00Z' }] }],
      moto.env,
    );
    expect(appended.version).toBe(before.version + 1);
    const afterAppend = await deltaRsFilesAndRows(users, moto.env);
    expect(afterAppend.rows).toBe(before.rows + 1);
    expect(afterAppend.files.every((f) => f.startsWith(`${users}/`))).toBe(true);

    const [deleted] = await sparkDeltaSql([`DELETE FROM delta.\`s3a://lake/foreign/users\` WHERE user_id = 100001 OR user_id = 2`], {
      s3a: { endpoint: moto.endpoint, accessKey: moto.env.AWS_ACCESS_KEY_ID, secretKey: moto.env.AWS_SECRET_ACCESS_KEY },
    });
    expect(deleted.rows).toEqual([{ num_affected_rows: '2' }]);
    const afterDelete = await deltaRsFilesAndRows(users, moto.env);
    expect(afterDelete.version).toBe(before.version + 2);
    expect(afterDelete.rows).toBe(before.rows - 1);
    expect((await deltaHistory(users, moto.env)).map((h) => [h.version, h.operation, h.engineInfo])).toEqual([
      [before.version + 2, 'DELETE', expect.stringMatching(SPARK_ENGINE)],
      [before.version + 1, 'WRITE', expect.stringMatching(DELTA_RS_ENGINE)],
      [0, 'CREATE TABLE AS SELECT', 'sparkify-lake-kit'],
    ]);
  }, SPARK_TEST_TIMEOUT_MS);
});
