import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliAsync, SAMPLE, SPARK_TEST_TIMEOUT_MS, tempDir } from './helpers';
import { deliver, filesBelow } from './incremental-feed';
import { deltaRsFilesAndRows, deltaRsQuery, deltaRsWrite, sparkDeltaSql } from './foreign-writers';
import { deltaRsRows } from './lake-readers';

/**
 * Other writers share the lake: delta-rs and Spark (real engines, not the kit) append, delete, merge, compact and
 * vacuum between kit runs, and set table properties. Afterwards `check`, `status` and `--incremental` must respect
 * their commits (their rows survive, nothing is reverted), and the kit must honour the properties and refuse the
 * features it cannot write before it commits anything.
 */

const logs = filesBelow(SAMPLE, 'log_data');
const songs = filesBelow(SAMPLE, 'song_data');

/** A lake of the sample's songs and its first 15 days, and an input folder holding those files (the rest delivered later). */
async function halfLake(): Promise<{ input: string; lake: string }> {
  const input = tempDir('sparkify-others-in-');
  const lake = tempDir('sparkify-others-lake-');
  deliver(SAMPLE, input, [...songs, ...logs.slice(0, 15)]);
  const first = await cliAsync(['etl', '--input', input, '--output', lake]);
  expect(first.code, first.stderr).toBe(0);
  return { input, lake };
}

/** Each table's latest version, from its log's commit files (delta-rs cannot open a table with deletion vectors). */
function versions(lake: string): Record<string, number> {
  const tables = ['songplays', 'users', 'songs', 'artists', 'time'];
  return Object.fromEntries(
    tables.map((t) => [t, Math.max(...fs.readdirSync(path.join(lake, t, '_delta_log')).filter((f) => /^\d{20}\.json$/.test(f)).map((f) => Number(f.slice(0, 20))))]),
  );
}

async function scalar(table: string, sql: string): Promise<string | null> {
  return Object.values((await deltaRsQuery(table, sql))[0])[0];
}

describe('other writers on the kit\'s lake', () => {
  it('delta-rs appends, deletes, compacts, z-orders, checkpoints and vacuums: check, status and --incremental keep their work', async () => {
    const { input, lake } = await halfLake();
    const users = path.join(lake, 'users');
    const songplays = path.join(lake, 'songplays');
    await deltaRsWrite(users, [
      {
        op: 'append',
        rows: [100001, 100002, 100003].map((id) => ({ user_id: id, first_name: `Guest${id}`, last_name: 'Other', gender: 'F', level: 'free', latest_event_time: '2018-11-15T12:00:00Z' })),
      },
      { op: 'checkpoint' },
    ]);
    const deleted = Number(await scalar(songplays, 'SELECT count(*) FROM t WHERE user_id = 49'));
    expect(deleted).toBeGreaterThan(0);
    await deltaRsWrite(songplays, [{ op: 'delete', predicate: 'user_id = 49' }, { op: 'optimize-compact' }, { op: 'vacuum', retentionHours: 0 }]);
    await deltaRsWrite(path.join(lake, 'songs'), [{ op: 'optimize-zorder', columns: ['song_id'] }]);
    const songsBefore = (await deltaRsRows(lake)).songs.rows;

    const check = await cliAsync(['check', '--output', lake]);
    expect(check.code, check.stdout + check.stderr).toBe(0);
    expect(check.stdout).toMatch(/^skip songplays reconciliation play_events: other writers committed to songplays after run \S+ \(delta-rs\S* DELETE/m);
    const status = await cliAsync(['status', '--output', lake]);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/^ {2}songplays v\d+: run \S+\n {4}v\d+ DELETE by delta-rs\S*\n(?: {4}v\d+ .*\n)* {4}v\d+ VACUUM END by delta-rs/m);
    expect(status.stdout).toMatch(/^ {2}songs v\d+: run \S+\n {4}v\d+ OPTIMIZE by delta-rs/m);
    expect(status.stdout).toMatch(/^ {2}users v\d+: run \S+\n {4}v\d+ WRITE by delta-rs/m);

    // A full run (on a copy) replaces every table, other writers' rows included, and says how many of their commits.
    const copy = tempDir('sparkify-others-full-');
    fs.cpSync(lake, copy, { recursive: true });
    const full = await cliAsync(['etl', '--input', input, '--output', copy]);
    expect(full.code, full.stderr).toBe(0);
    expect(full.stderr).toMatch(/users: this full run replaces 1 commit by other writers since the kit's last \(delta-rs\S* WRITE at v\d+\)/);
    expect(full.stderr).toMatch(/songplays: this full run replaces \d+ commits by other writers since the kit's last \(delta-rs\S* DELETE at v1/);
    expect(await scalar(path.join(copy, 'users'), 'SELECT count(*) FROM t WHERE user_id > 100000')).toBe('0');

    // The rest of the month, merged into the tables as they are now.
    deliver(SAMPLE, input, logs.slice(15));
    const next = await cliAsync(['etl', '--input', input, '--output', lake, '--incremental']);
    expect(next.code, next.stderr).toBe(0);
    expect(await scalar(users, 'SELECT count(*) FROM t WHERE user_id > 100000')).toBe('3');
    // User 49's plays of the first 15 days stay deleted; only the later days' plays were appended.
    const firstHalf = Date.UTC(2018, 10, 16) * 1000;
    expect(await scalar(songplays, `SELECT count(*) FROM t WHERE user_id = 49 AND CAST(start_time AS BIGINT) < ${firstHalf}`)).toBe('0');
    expect((await deltaRsRows(lake)).songs.rows).toEqual(songsBefore);
    const after = await cliAsync(['check', '--output', lake]);
    expect(after.code, after.stdout).toBe(0);

  }, 300_000);

  it('Spark MERGEs, INSERTs, DELETEs, OPTIMIZEs and VACUUMs: the next --incremental run keeps every foreign row', async () => {
    const { input, lake } = await halfLake();
    const t = (name: string) => `delta.\`${path.join(lake, name)}\``;
    await sparkDeltaSql([
      `MERGE INTO ${t('users')} AS u USING (SELECT 200001L AS user_id, 'Merged' AS first_name, 'Guest' AS last_name, 'M' AS gender, 'paid' AS level, TIMESTAMP '2018-11-14 10:00:00' AS latest_event_time) AS s ON u.user_id = s.user_id WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *`,
      `INSERT INTO ${t('users')} VALUES (200002L, 'Inserted', 'Guest', 'F', 'free', TIMESTAMP '2018-11-14 11:00:00')`,
      `DELETE FROM ${t('songplays')} WHERE user_id = 15`,
      `OPTIMIZE ${t('songplays')}`,
      `VACUUM ${t('songplays')} RETAIN 0 HOURS`,
    ]);
    const status = await cliAsync(['status', '--output', lake]);
    expect(status.stdout).toMatch(/^ {4}v\d+ MERGE by Apache-Spark/m);
    expect(status.stdout).toMatch(/^ {4}v\d+ DELETE by Apache-Spark/m);
    const check = await cliAsync(['check', '--output', lake]);
    expect(check.code, check.stdout + check.stderr).toBe(0);

    deliver(SAMPLE, input, logs.slice(15));
    const next = await cliAsync(['etl', '--input', input, '--output', lake, '--incremental']);
    expect(next.code, next.stderr).toBe(0);
    const users = path.join(lake, 'users');
    expect(await scalar(users, 'SELECT count(*) FROM t WHERE user_id IN (200001, 200002)')).toBe('2');
    const firstHalf = Date.UTC(2018, 10, 16) * 1000;
    expect(await scalar(path.join(lake, 'songplays'), `SELECT count(*) FROM t WHERE user_id = 15 AND CAST(start_time AS BIGINT) < ${firstHalf}`)).toBe('0');
    expect((await cliAsync(['check', '--output', lake])).code).toBe(0);
  }, SPARK_TEST_TIMEOUT_MS);

  it('honours delta.appendOnly and delta.checkpointInterval; refuses a CHECK constraint or deletion vectors before any commit', async () => {
    const { input, lake } = await halfLake();
    const songplays = path.join(lake, 'songplays');
    await deltaRsWrite(songplays, [{ op: 'set-properties', properties: { 'delta.appendOnly': 'true' } }]);
    await deltaRsWrite(path.join(lake, 'users'), [{ op: 'set-properties', properties: { 'delta.checkpointInterval': '2', 'delta.logRetentionDuration': 'interval 30 days' } }]);
    const before = versions(lake);

    // A full run would remove songplays' files: refused in one line, exit 2, no table touched.
    const full = await cliAsync(['etl', '--input', input, '--output', lake]);
    expect(full.code).toBe(2);
    expect(full.stderr.trim().split('\n').at(-1)).toMatch(/songplays: the table is append-only \(delta\.appendOnly=true\) and this full run would replace its \d+ files; nothing was committed/);
    expect(versions(lake)).toEqual(before);

    // An incremental run only appends to songplays: it commits, and the properties survive it.
    deliver(SAMPLE, input, logs.slice(15, 20));
    const next = await cliAsync(['etl', '--input', input, '--output', lake, '--incremental']);
    expect(next.code, next.stderr).toBe(0);
    expect((await deltaRsFilesAndRows(songplays)).configuration['delta.appendOnly']).toBe('true');
    const usersTable = await deltaRsFilesAndRows(path.join(lake, 'users'));
    expect(usersTable.configuration).toMatchObject({ 'delta.checkpointInterval': '2', 'delta.logRetentionDuration': 'interval 30 days' });
    // users: the kit's commit at version 2 gets a checkpoint, as the table asks (the default is every tenth). (delta-rs
    // checkpointed its own commit at version 1: its rule counts differently.)
    const checkpoints = fs.readdirSync(path.join(lake, 'users', '_delta_log')).filter((f) => f.endsWith('.checkpoint.parquet'));
    expect(usersTable.version).toBe(2);
    expect(checkpoints).toContain('00000000000000000002.checkpoint.parquet');

    // A CHECK constraint on the last table committed: the run refuses before its first commit.
    const constrained = tempDir('sparkify-others-check-');
    fs.cpSync(lake, constrained, { recursive: true });
    await deltaRsWrite(path.join(constrained, 'songplays'), [{ op: 'set-properties', properties: { 'delta.appendOnly': 'false' } }]);
    await deltaRsWrite(path.join(constrained, 'time'), [{ op: 'add-constraint', name: 'hour_ok', expr: 'hour >= 0' }]);
    const guarded = versions(constrained);
    const refused = await cliAsync(['etl', '--input', input, '--output', constrained]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/time: the kit cannot write this Delta table: .*CHECK constraints.*; nothing was committed/);
    expect(versions(constrained)).toEqual(guarded);

    await deltaRsWrite(path.join(constrained, 'songs'), [{ op: 'enable-deletion-vectors' }]);
    const dv = await cliAsync(['etl', '--input', input, '--output', constrained]);
    expect(dv.code).toBe(2);
    expect(dv.stderr).toMatch(/songs: the kit cannot read or write this Delta table: it needs Delta reader version 3 \(reader features: deletionVectors\)/);
    expect(versions(constrained)).toEqual({ ...guarded, songs: guarded.songs + 1 });
  }, 300_000);
});
