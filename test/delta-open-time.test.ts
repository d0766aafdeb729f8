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
 * Measures what a long-lived table costs (printed, for the design note): 100 full replaces committed with and
 * without checkpoints, then the time to open the latest version with the kit's reader and with delta-rs.
 * The commits reuse one data file's add action under new names (the log, not the data, is what is measured).
 */
async function hundredCommits(store: LogStore, template: AddAction, checkpointInterval: number): Promise<number[]> {
  const latencies: number[] = [];
  let snapshot = null;
  for (let v = 0; v < 100; v++) {
    const add = { ...template, path: `part-${v}.parquet` };
    const actions = writeActions({ table: users, adds: [add], mode: 'overwrite', runId: `run-${v}` }, snapshot);
    const started = performance.now();
    await commit(store, actions, { expectedVersion: v, checkpointInterval });
    latencies.push(performance.now() - started);
    snapshot = await readSnapshot(store);
  }
  return latencies;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const DELTA_RS_OPEN = `
import json, sys, time
t0 = time.perf_counter()
from deltalake import DeltaTable
dt = DeltaTable(sys.argv[1])
files = len(dt.file_uris())
print(json.dumps({'ms': (time.perf_counter() - t0) * 1000, 'version': dt.version(), 'files': files}))
`;

describe('a table after 100 commits', () => {
  let template: AddAction;
  beforeAll(() => {
    template = writeDataFiles(usersFrame(), users, tempDir('delta-open-template-'))[0];
  });

  for (const interval of [0, 10]) {
    it(`opens quickly ${interval ? 'with a checkpoint every 10 commits' : 'without checkpoints'} (kit and delta-rs)`, async () => {
      const root = path.join(tempDir('delta-open-'), 'users');
      const store = storageLogStore(openStorage(root));
      const latencies = await hundredCommits(store, template, interval);
      // Open = a fresh reader: _last_checkpoint, listing, checkpoint, JSON commits.
      const opens: number[] = [];
      for (let i = 0; i < 5; i++) {
        const started = performance.now();
        const snapshot = await readSnapshot(storageLogStore(openStorage(root)));
        opens.push(performance.now() - started);
        expect(snapshot.version).toBe(99);
        expect(snapshot.files.map((f) => f.path)).toEqual(['part-99.parquet']);
      }
      const rs = [0, 1, 2].map(() => python(DELTA_RS_OPEN, [root]));
      expect(rs[0]).toMatchObject({ version: 99, files: 1 });
      const checkpoints = fs.readdirSync(path.join(root, '_delta_log')).filter((f) => f.includes('checkpoint.parquet'));
      expect(checkpoints).toHaveLength(interval ? 9 : 0);
      console.log(
        `[delta-open] folder, ${interval ? 'checkpoint every 10' : 'no checkpoint'}: commit median ${median(latencies).toFixed(1)} ms ` +
          `(max ${Math.max(...latencies).toFixed(1)}, with checkpointing commits included); kit open median ${median(opens).toFixed(1)} ms; ` +
          `delta-rs open (import + DeltaTable + file list) median ${median(rs.map((r) => r.ms)).toFixed(1)} ms`,
      );
    });
  }

  it('writes a checkpoint of a 6,000-file table (songs-sized) in a measured time, readable again', async () => {
    const root = path.join(tempDir('delta-open-'), 'big');
    const store = storageLogStore(openStorage(root));
    const adds = Array.from({ length: 6000 }, (_, i) => ({ ...template, path: `year=${1950 + (i % 60)}/artist_id=AR${i}/part-0.parquet`, partitionValues: { year: String(1950 + (i % 60)), artist_id: `AR${i}` } }));
    const songs = tableByName('songs');
    await commit(store, writeActions({ table: songs, adds, mode: 'overwrite', runId: 'big' }, null), { expectedVersion: 0 });
    const started = performance.now();
    const written = await writeCheckpoint(store, 0);
    const ms = performance.now() - started;
    const openStarted = performance.now();
    expect((await readSnapshot(storageLogStore(openStorage(root)))).files).toHaveLength(6000);
    const openMs = performance.now() - openStarted;
    console.log(`[delta-open] checkpoint of 6,000 adds: written in ${ms.toFixed(0)} ms (${(written.bytes / 1024).toFixed(0)} KiB), opened from it in ${openMs.toFixed(0)} ms`);
  });

  describe('on the local S3 server (moto)', () => {
    let server: S3Server;
    beforeAll(async () => {
      server = await startS3Server();
      await createBucket('delta-open');
    });
    afterAll(async () => server?.stop());

    it('commits and opens with checkpoints', async () => {
      const store = storageLogStore(openStorage('s3://delta-open/lake/users'));
      const latencies = await hundredCommits(store, template, 10);
      const opens: number[] = [];
      for (let i = 0; i < 5; i++) {
        const started = performance.now();
        expect((await readSnapshot(store)).version).toBe(99);
        opens.push(performance.now() - started);
      }
      console.log(`[delta-open] moto S3, checkpoint every 10: commit median ${median(latencies).toFixed(1)} ms (max ${Math.max(...latencies).toFixed(1)}); kit open median ${median(opens).toFixed(1)} ms`);
    });
  });
});
