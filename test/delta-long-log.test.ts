import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableByName } from '../src/catalog/tables';
import type { AddAction } from '../src/delta';
import { openStorage } from '../src/storage/open-storage';
import { storageLogStore } from '../src/table-format/delta/storage-log-store';
import { commit, readSnapshot, writeActions, writeCheckpoint, writeDataFiles, type LogStore } from '../src/delta';
import { tempDir } from './helpers';
import { python, usersFrame } from './delta-fixtures';
import { createBucket, startS3Server, type S3Server } from './s3-server';

const users = tableByName('users');

/**
 * A long-lived table: 100 full replaces, with and without checkpoints, a checkpoint of a songs-sized table, and the
 * same on S3. What a reader must see there is asserted here; how long opening takes is measured by
 * bench/delta-open-time.js. The commits reuse one data file's add action under new names (the log is what counts).
 */
async function hundredCommits(store: LogStore, template: AddAction, checkpointInterval: number): Promise<void> {
  let snapshot = null;
  for (let v = 0; v < 100; v++) {
    const add = { ...template, path: `part-${v}.parquet` };
    const actions = writeActions({ table: users, adds: [add], mode: 'overwrite', runId: `run-${v}` }, snapshot);
    await commit(store, actions, { expectedVersion: v, checkpointInterval });
    snapshot = await readSnapshot(store);
  }
}

const DELTA_RS_OPEN = `
import json, sys
from deltalake import DeltaTable
dt = DeltaTable(sys.argv[1])
print(json.dumps({'version': dt.version(), 'files': len(dt.file_uris())}))
`;

describe('a table after 100 commits', () => {
  let template: AddAction;
  beforeAll(() => {
    template = writeDataFiles(usersFrame(), users, tempDir('delta-long-log-template-'))[0];
  });

  for (const interval of [0, 10]) {
    it(`opens at version 99 ${interval ? 'with a checkpoint every 10 commits' : 'without checkpoints'}, in the kit and in delta-rs`, async () => {
      const root = path.join(tempDir('delta-long-log-'), 'users');
      await hundredCommits(storageLogStore(openStorage(root)), template, interval);
      // A fresh reader: _last_checkpoint, listing, checkpoint, JSON commits.
      const snapshot = await readSnapshot(storageLogStore(openStorage(root)));
      expect(snapshot.version).toBe(99);
      expect(snapshot.files.map((f) => f.path)).toEqual(['part-99.parquet']);
      expect(python(DELTA_RS_OPEN, [root])).toMatchObject({ version: 99, files: 1 });
      const checkpoints = fs.readdirSync(path.join(root, '_delta_log')).filter((f) => f.includes('checkpoint.parquet'));
      expect(checkpoints).toHaveLength(interval ? 9 : 0);
    });
  }

  it('writes a checkpoint of a 6,000-file table (songs-sized) that opens again with every file', async () => {
    const root = path.join(tempDir('delta-long-log-'), 'big');
    const store = storageLogStore(openStorage(root));
    const adds = Array.from({ length: 6000 }, (_, i) => ({ ...template, path: `year=${1950 + (i % 60)}/artist_id=AR${i}/part-0.parquet`, partitionValues: { year: String(1950 + (i % 60)), artist_id: `AR${i}` } }));
    const songs = tableByName('songs');
    await commit(store, writeActions({ table: songs, adds, mode: 'overwrite', runId: 'big' }, null), { expectedVersion: 0 });
    await writeCheckpoint(store, 0);
    expect((await readSnapshot(storageLogStore(openStorage(root)))).files).toHaveLength(6000);
  });

  describe('on the local S3 server (moto)', () => {
    let server: S3Server;
    beforeAll(async () => {
      server = await startS3Server();
      await createBucket('delta-long-log');
    });
    afterAll(async () => server?.stop());

    it('commits with checkpoints and opens at version 99', async () => {
      const store = storageLogStore(openStorage('s3://delta-long-log/lake/users'));
      await hundredCommits(store, template, 10);
      const snapshot = await readSnapshot(storageLogStore(openStorage('s3://delta-long-log/lake/users')));
      expect(snapshot.version).toBe(99);
      expect(snapshot.files.map((f) => f.path)).toEqual(['part-99.parquet']);
    });
  });
});
