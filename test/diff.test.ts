import * as path from 'node:path';
import pl from 'nodejs-polars';
import { beforeAll, describe, expect, it } from 'vitest';
import { tableByName } from '../src/catalog/tables';
import { commitTableWrite, writeDataFiles } from '../src/delta';
import { openStorage } from '../src/storage/open-storage';
import { storageLogStore } from '../src/table-format/delta/storage-log-store';
import { diffTables } from '../src/lake/diff-tables';
import { cli, tempDir } from './helpers';
import { songplaysFrame, usersFrame } from './delta-fixtures';

const users = tableByName('users');
const songplays = tableByName('songplays');

async function commit(lake: string, table: typeof users, frame: pl.DataFrame, runId: string) {
  const root = path.join(lake, table.name);
  await commitTableWrite(storageLogStore(openStorage(root)), { table, adds: writeDataFiles(frame, table, root), mode: 'overwrite', runId });
}

/** Run a: the fixtures. Run b: user 8 turned paid, user 101 is new, the play with id 42 is gone. */
async function twoRunLake(): Promise<string> {
  const lake = tempDir('diff-lake-');
  await commit(lake, users, usersFrame(['free', 'paid', 'paid']), 'run-a');
  await commit(lake, songplays, songplaysFrame(0), 'run-a');
  const newUser = pl.DataFrame({ user_id: [101n], first_name: ['Ana'], last_name: ['Lee'], gender: ['F'], level: ['free'] }).withColumn(
    pl.Series('latest_event_time', [1541108000000], pl.Int64).cast(pl.Datetime('ms', 'UTC')),
  );
  await commit(lake, users, pl.concat([usersFrame(['paid', 'paid', 'paid']), newUser]), 'run-b');
  await commit(lake, songplays, songplaysFrame(0).filter(pl.col('songplay_id').neq(pl.lit(42n))), 'run-b');
  return lake;
}

describe('diffTables', () => {
  it('counts added, removed and changed rows by key, null against a value as a change, and keeps 62-bit keys exact', () => {
    const before = pl.DataFrame({ id: [1n, 2n, 3n, 4611686018427387903n], a: ['x', null, 'z', 'w'], b: [1, 2, 3, 4] });
    const after = pl.DataFrame({ id: [2n, 3n, 4611686018427387903n, 5n], a: ['y', 'z', 'w', 'v'], b: [2, 3, 40, 5] });
    expect(diffTables(before, after, ['id'])).toEqual({
      rowsBefore: 4,
      rowsAfter: 4,
      added: 1,
      removed: 1,
      changed: 2,
      changedColumns: [
        { column: 'a', rows: 1 },
        { column: 'b', rows: 1 },
      ],
      examples: { added: [{ id: 5 }], removed: [{ id: 1 }], changed: [{ id: 2 }, { id: '4611686018427387903' }] },
    });
  });
});

describe('sparkify diff', () => {
  let lake: string;
  beforeAll(async () => {
    lake = await twoRunLake();
  });

  it('prints what the latest run changed in each table, by default against the version before', () => {
    const out = cli(['diff', '--output', lake]);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect(out.stdout).toBe(
      [
        'songplays: version 0 → 1: rows 3 → 2',
        '  added 0',
        '  removed 1 (e.g. 42)',
        '  changed 0',
        'users: version 0 → 1: rows 3 → 4',
        '  added 1 (e.g. 101)',
        '  removed 0',
        '  changed 1 (e.g. 8)',
        '  changed columns: level (1)',
        'not in the lake: songs, artists, time',
        '',
      ].join('\n'),
    );
  });

  it('--json gives the same as JSON; --from/--to take versions and run ids', () => {
    const json = JSON.parse(cli(['diff', '--output', lake, '--table', 'users', '--json']).stdout);
    expect(json.missing).toEqual([]);
    expect(json.tables).toEqual([
      {
        table: 'users',
        fromVersion: 0,
        toVersion: 1,
        rowsBefore: 3,
        rowsAfter: 4,
        added: 1,
        removed: 0,
        changed: 1,
        changedColumns: [{ column: 'level', rows: 1 }],
        examples: { added: [{ user_id: 101 }], removed: [], changed: [{ user_id: 8 }] },
      },
    ]);
    // Backwards, by version: the new user is "removed", the level change is still one change.
    const back = JSON.parse(cli(['diff', '--output', lake, '--table', 'users', '--from', '1', '--to', '0', '--json']).stdout).tables[0];
    expect([back.fromVersion, back.toVersion, back.added, back.removed, back.changed]).toEqual([1, 0, 0, 1, 1]);
    // By run id, resolved per table.
    const byRun = JSON.parse(cli(['diff', '--output', lake, '--from', 'run-a', '--to', 'run-b', '--json']).stdout).tables;
    expect(byRun.map((t: any) => [t.table, t.fromVersion, t.toVersion, t.added, t.removed, t.changed])).toEqual([
      ['songplays', 0, 1, 0, 1, 0],
      ['users', 0, 1, 1, 0, 1],
    ]);
    // Version 0 against nothing: every row added.
    const first = JSON.parse(cli(['diff', '--output', lake, '--table', 'songplays', '--to', '0', '--json']).stdout).tables[0];
    expect([first.fromVersion, first.added, first.examples.added]).toEqual([null, 3, [{ songplay_id: 42 }, { songplay_id: 1234567890123 }, { songplay_id: '4611686018427387903' }]]);
  });

  it('refuses an unknown run, a version out of range and a folder that is no Delta lake, in one line with exit 2', () => {
    const unknownRun = cli(['diff', '--output', lake, '--from', 'run-zzz']);
    expect([unknownRun.code, unknownRun.stdout]).toEqual([2, '']);
    expect(unknownRun.stderr).toMatch(/^sparkify: songplays: no version committed by run "run-zzz" in .*\n$/);
    const tooNew = cli(['diff', '--output', lake, '--to', '7']);
    expect([tooNew.code, tooNew.stderr]).toEqual([2, 'sparkify: songplays: version 7 is out of range (the latest is 1)\n']);
    const empty = tempDir('not-a-lake-');
    const notLake = cli(['diff', '--output', empty]);
    expect(notLake.code).toBe(2);
    expect(notLake.stderr).toBe(
      `sparkify: ${empty} is not a Delta lake: no songplays/_delta_log, users/_delta_log, songs/_delta_log, artists/_delta_log, time/_delta_log\n`,
    );
  });
});

describe('sparkify athena-ddl', () => {
  it('prints one Delta statement per star table, with its partitions and key', () => {
    const out = cli(['athena-ddl', '--output', 's3://my-bucket/lake/', '--database', 'music']);
    expect(out.code).toBe(0);
    expect(out.stdout).toBe(
      [
        '-- songplays: partitioned by year, month; key songplay_id',
        "CREATE EXTERNAL TABLE IF NOT EXISTS music.songplays LOCATION 's3://my-bucket/lake/songplays/' TBLPROPERTIES ('table_type' = 'DELTA');",
        '-- users: not partitioned; key user_id',
        "CREATE EXTERNAL TABLE IF NOT EXISTS music.users LOCATION 's3://my-bucket/lake/users/' TBLPROPERTIES ('table_type' = 'DELTA');",
        '-- songs: partitioned by year; key song_id',
        "CREATE EXTERNAL TABLE IF NOT EXISTS music.songs LOCATION 's3://my-bucket/lake/songs/' TBLPROPERTIES ('table_type' = 'DELTA');",
        '-- artists: not partitioned; key artist_id',
        "CREATE EXTERNAL TABLE IF NOT EXISTS music.artists LOCATION 's3://my-bucket/lake/artists/' TBLPROPERTIES ('table_type' = 'DELTA');",
        '-- time: partitioned by year, month; key start_time',
        "CREATE EXTERNAL TABLE IF NOT EXISTS music.`time` LOCATION 's3://my-bucket/lake/time/' TBLPROPERTIES ('table_type' = 'DELTA');",
        '',
      ].join('\n'),
    );
    expect(cli(['athena-ddl', '--output', 's3://b']).stdout.split('\n')[1]).toBe(
      "CREATE EXTERNAL TABLE IF NOT EXISTS sparkify.songplays LOCATION 's3://b/songplays/' TBLPROPERTIES ('table_type' = 'DELTA');",
    );
  });

  it('refuses a folder in one line (Athena reads S3 only)', () => {
    const out = cli(['athena-ddl', '--output', '/tmp/lake']);
    expect([out.code, out.stdout, out.stderr]).toEqual([2, '', 'sparkify: athena-ddl needs an s3:// lake (Athena reads S3 only), got "/tmp/lake"\n']);
  });
});
