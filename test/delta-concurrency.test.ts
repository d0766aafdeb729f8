import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableByName } from '../src/catalog/tables';
import { commitTableWrite, history, readSnapshot, type LogStore } from '../src/delta';
import { openStorage } from '../src/storage/open-storage';
import { storageLogStore } from '../src/table-format/delta/storage-log-store';
import { REPO, tempDir } from './helpers';
import { python, READ_WITH_DELTA_RS, usersFrame } from './delta-fixtures';
import { writeDataFiles } from '../src/delta';
import { createBucket, startS3Server, type S3Server } from './s3-server';

const users = tableByName('users');
const CHILD = path.join(REPO, 'test', 'delta-race-child.js');

interface Outcome {
  runId: string;
  version?: number;
  attempts?: number;
  conflict?: string;
}

/** Two child processes that both read the latest snapshot, then (on a go file, once both are ready) commit at once. */
async function race(location: string, mode: 'overwrite' | 'append', round: number): Promise<Outcome[]> {
  const goFile = path.join(tempDir('delta-race-go-'), 'go');
  const children = ['a', 'b'].map((who) =>
    spawn(process.execPath, [CHILD, location, mode, `round${round}-${who}`, goFile, tempDir('delta-race-staging-')], { cwd: REPO, env: process.env }),
  );
  const results = children.map(
    (child) =>
      new Promise<{ ready: Promise<void>; outcome: Promise<Outcome> }>((resolve) => {
        let out = '';
        let err = '';
        let readyResolve: () => void;
        const ready = new Promise<void>((r) => (readyResolve = r));
        const outcome = new Promise<Outcome>((res, rej) => {
          child.stdout.on('data', (d) => {
            out += d;
            if (out.includes('"ready":true')) readyResolve();
          });
          child.stderr.on('data', (d) => (err += d));
          child.on('close', (code) => (code === 0 ? res(JSON.parse(out.trim().split('\n').at(-1)!) as Outcome) : rej(new Error(`racer failed: ${err}`))));
        });
        resolve({ ready, outcome });
      }),
  );
  const contenders = await Promise.all(results);
  await Promise.all(contenders.map((c) => c.ready));
  fs.writeFileSync(goFile, '');
  return Promise.all(contenders.map((c) => c.outcome));
}

/** Seeds the table with one version (0) so the racers replace or append to an existing table. */
async function seed(store: LogStore, root: string) {
  await commitTableWrite(store, { table: users, adds: writeDataFiles(usersFrame(), users, root), mode: 'overwrite', runId: 'seed' });
}

async function checkRaces(location: string, store: LogStore) {
  // Replaces: each round, exactly one takes the next version; the other fails with one line and commits nothing.
  for (let round = 1; round <= 3; round++) {
    const outcomes = await race(location, 'overwrite', round);
    const winners = outcomes.filter((o) => o.version !== undefined);
    const losers = outcomes.filter((o) => o.conflict !== undefined);
    expect(winners.map((w) => w.version)).toEqual([round]);
    expect(losers).toHaveLength(1);
    expect(losers[0].conflict).toMatch(new RegExp(`lost to a concurrent writer: version ${round} \\(WRITE by run round${round}-[ab]\\) (also removed|added data)`));
    expect(losers[0].conflict).not.toContain('\n');
    const table = python(READ_WITH_DELTA_RS, [location, 'user_id']);
    expect(table.version).toBe(round);
    expect(table.rows.map((r: any) => r.first_name)).toEqual([winners[0].runId]);
  }
  // Appends: both land, at the two next versions (the loser of the race retries, as appends never conflict).
  const appends = await race(location, 'append', 4);
  expect(appends.map((o) => o.version).sort()).toEqual([4, 5]);
  expect(appends.map((o) => o.attempts).sort()).toEqual([1, 2]);
  const table = python(READ_WITH_DELTA_RS, [location, 'user_id']);
  expect(table.version).toBe(5);
  // Round 3's winner plus both appended rows.
  expect(table.rows).toHaveLength(3);
  expect(table.rows.filter((r: any) => r.first_name.startsWith('round4')).map((r: any) => r.first_name).sort()).toEqual(['round4-a', 'round4-b']);
  // One commit per version, nothing skipped or doubled.
  expect((await history(store)).map((h) => h.version)).toEqual([0, 1, 2, 3, 4, 5]);
  expect((await readSnapshot(store)).files).toHaveLength(3);
}

describe('concurrent commits', () => {
  it('on a folder: two processes racing for one version leave one winner per version and a readable table', async () => {
    const root = path.join(tempDir('delta-race-'), 'users');
    const store = storageLogStore(openStorage(root));
    await seed(store, root);
    await checkRaces(root, store);
  });

  describe('on the local S3 server (moto: conditional PUT with If-None-Match: *)', () => {
    let server: S3Server;
    const bucket = 'delta-race';
    beforeAll(async () => {
      server = await startS3Server();
      await createBucket(bucket);
    });
    afterAll(async () => server?.stop());

    it('a second put-if-absent of one key is refused and leaves the first body', async () => {
      const store = storageLogStore(openStorage(`s3://${bucket}/probe`));
      expect(await store.putIfAbsent('_delta_log/00000000000000000000.json', 'first')).toBe(true);
      expect(await store.putIfAbsent('_delta_log/00000000000000000000.json', 'second')).toBe(false);
      expect((await store.read('_delta_log/00000000000000000000.json'))!.toString()).toBe('first');
    });

    it('two processes racing for one version leave one winner per version and a table delta-rs reads', async () => {
      const location = `s3://${bucket}/lake/users`;
      const store = storageLogStore(openStorage(location));
      const staging = tempDir('delta-s3-seed-');
      const adds = writeDataFiles(usersFrame(), users, staging);
      for (const add of adds) {
        await new S3Client({ forcePathStyle: true }).send(new PutObjectCommand({ Bucket: bucket, Key: `lake/users/${add.path}`, Body: fs.readFileSync(path.join(staging, add.path)) }));
      }
      await commitTableWrite(store, { table: users, adds, mode: 'overwrite', runId: 'seed' });
      await checkRaces(location, store);
    });
  });
});
