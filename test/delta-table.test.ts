import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tableByName } from '../src/catalog/tables';
import { commitTableWrite, readSnapshot, writeDataFiles } from '../src/delta';
import { openStorage } from '../src/storage/open-storage';
import { storageLogStore } from '../src/table-format/delta/storage-log-store';
import { tempDir } from './helpers';
import { python, READ_WITH_DELTA_RS, songplaysFrame, usersFrame } from './delta-fixtures';

const songplays = tableByName('songplays');
const users = tableByName('users');

describe('a Delta table written by the kit, read by delta-rs', () => {
  it('opens with the same rows, the catalog schema and its partitioning, and time-travels after a replace', async () => {
    const root = path.join(tempDir('delta-table-'), 'songplays');
    const store = storageLogStore(openStorage(root));
    const v0 = await commitTableWrite(store, { table: songplays, adds: writeDataFiles(songplaysFrame(0), songplays, root), mode: 'overwrite', runId: 'run-a' });
    expect(v0.version).toBe(0);

    const first = python(READ_WITH_DELTA_RS, [root, 'songplay_id']);
    expect(first.version).toBe(0);
    expect(first.partitions).toEqual(['year', 'month']);
    expect(first.schema).toEqual([
      ['songplay_id', 'PrimitiveType("long")', false],
      ['start_time', 'PrimitiveType("timestamp")', false],
      ['user_id', 'PrimitiveType("long")', false],
      ['level', 'PrimitiveType("string")', true],
      ['song_id', 'PrimitiveType("string")', true],
      ['artist_id', 'PrimitiveType("string")', true],
      ['session_id', 'PrimitiveType("long")', false],
      ['location', 'PrimitiveType("string")', true],
      ['user_agent', 'PrimitiveType("string")', true],
      ['year', 'PrimitiveType("integer")', false],
      ['month', 'PrimitiveType("integer")', false],
    ]);
    expect(first.arrow_types.start_time).toBe('timestamp[us, tz=UTC]');
    expect(first.arrow_types.level).toBe('string');
    expect(first.rows.map((r: any) => [r.songplay_id, r.start_time, r.song_id, r.year, r.month])).toEqual([
      [42, '2018-12-01T00:00:00.001000+00:00', 'SOBONKR12A58A7A7E0', 2018, 12],
      [1234567890123, '2018-11-30T23:59:59.999000+00:00', null, 2018, 11],
      ['4611686018427387903', '2018-11-01T21:01:46.796000+00:00', 'SOZCTXZ12AB01823640', 2018, 11],
    ]);

    // A replace: one commit that removes both old files and adds the new ones.
    const v1 = await commitTableWrite(store, { table: songplays, adds: writeDataFiles(songplaysFrame(1), songplays, root), mode: 'overwrite', runId: 'run-b' });
    expect(v1.version).toBe(1);
    const log1 = fs.readFileSync(path.join(root, '_delta_log', '00000000000000000001.json'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(log1.filter((a) => a.remove).length).toBe(2);
    expect(log1.filter((a) => a.add).length).toBe(2);
    expect(log1[0].commitInfo).toMatchObject({ operation: 'WRITE', readVersion: 0, sparkifyRunId: 'run-b' });

    const second = python(READ_WITH_DELTA_RS, [root, 'songplay_id']);
    expect(second.version).toBe(1);
    expect(second.rows.map((r: any) => r.session_id)).toEqual([1001, 583, 139]);
    const old = python(READ_WITH_DELTA_RS, [root, 'songplay_id', '0']);
    expect(old.rows.map((r: any) => r.session_id)).toEqual([1000, 583, 139]);

    // The kit's own reader agrees on the files of each version.
    expect((await readSnapshot(store)).files.length).toBe(2);
    expect((await readSnapshot(store, { version: 0 })).files.map((f) => f.partitionValues)).toEqual([
      { year: '2018', month: '11' },
      { year: '2018', month: '12' },
    ]);
  });

  it('an unpartitioned table (users) reads back with its rows; a schema-preserving replace writes no metaData', async () => {
    const root = path.join(tempDir('delta-table-'), 'users');
    const store = storageLogStore(openStorage(root));
    await commitTableWrite(store, { table: users, adds: writeDataFiles(usersFrame(), users, root), mode: 'overwrite', runId: 'run-a' });
    await commitTableWrite(store, { table: users, adds: writeDataFiles(usersFrame(['paid', 'paid', 'free']), users, root), mode: 'overwrite', runId: 'run-b' });
    const read = python(READ_WITH_DELTA_RS, [root, 'user_id']);
    expect(read.partitions).toEqual([]);
    expect(read.rows).toEqual([
      { user_id: 8, first_name: 'Kaylee', last_name: 'Summers', gender: 'F', level: 'paid', latest_event_time: '2018-11-01T20:57:10.796000+00:00' },
      { user_id: 26, first_name: 'Ryan', last_name: 'Smith', gender: 'M', level: 'paid', latest_event_time: '2018-11-01T21:01:46.796000+00:00' },
      { user_id: 97, first_name: 'Kate', last_name: null, gender: 'F', level: 'free', latest_event_time: '2018-11-01T21:17:33.796000+00:00' },
    ]);
    const log1 = fs.readFileSync(path.join(root, '_delta_log', '00000000000000000001.json'), 'utf8');
    expect(log1).not.toContain('"metaData"');
  });
});
