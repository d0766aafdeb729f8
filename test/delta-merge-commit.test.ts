import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tableByName } from '../src/catalog/tables';
import { commitTableWrite, readSnapshot, writeDataFiles } from '../src/delta';
import { readCommit } from '../src/delta/snapshot';
import { openStorage } from '../src/storage/open-storage';
import { storageLogStore } from '../src/table-format/delta/storage-log-store';
import { runEtl } from '../src/run/etl';
import { openTableFormat } from '../src/table-format/open-table-format';
import { SAMPLE, tempDir } from './helpers';
import { usersFrame } from './delta-fixtures';

const users = tableByName('users');

/** The commit of an incremental run: an append onto the version its base run committed (src/delta/table-write.ts). */
describe('an append against a base version', () => {
  it('an append only adds, and says it is a blind append; a replace is not one; the txn names the run', async () => {
    const root = path.join(tempDir('delta-merge-'), 'users');
    const store = storageLogStore(openStorage(root));
    const base = writeDataFiles(usersFrame(), users, root);
    await commitTableWrite(store, { table: users, adds: base, mode: 'overwrite', runId: 'base' });
    const added = writeDataFiles(usersFrame(['free', 'free', 'free']), users, root);
    const result = await commitTableWrite(store, { table: users, adds: added, mode: 'append', runId: 'incremental', txn: { appId: 'sparkify', version: 2 } });
    expect(result.version).toBe(1);
    const snapshot = await readSnapshot(store);
    expect(snapshot.files.map((f) => f.path).sort()).toEqual([...base, ...added].map((f) => f.path).sort());
    expect(snapshot.txns).toEqual([expect.objectContaining({ appId: 'sparkify', version: 2 })]);
    const [info] = (await readCommit(store, 1)).filter((a) => 'commitInfo' in a).map((a) => ('commitInfo' in a ? a.commitInfo : null));
    expect(info).toMatchObject({ isBlindAppend: true, sparkifyRunId: 'incremental', sparkifyRunSeq: 2, operationMetrics: { numRemovedFiles: '0' } });
    const replace = await commitTableWrite(store, { table: users, adds: writeDataFiles(usersFrame(), users, root), mode: 'overwrite', runId: 'full' });
    const [replaceInfo] = (await readCommit(store, replace.version)).filter((a) => 'commitInfo' in a).map((a) => ('commitInfo' in a ? a.commitInfo : null));
    expect(replaceInfo).toMatchObject({ isBlindAppend: false, operationMetrics: { numRemovedFiles: '2' } });

    // Nothing to add and no run to record: no commit.
    const again = await commitTableWrite(store, { table: users, adds: [], mode: 'append', runId: 'idle' });
    expect(again).toMatchObject({ version: replace.version, attempts: 0 });
  });

  it('an incremental commit refuses when another run committed since its base run, and commits nothing', async () => {
    const lake = tempDir('delta-merge-lake-');
    const first = await runEtl({ input: SAMPLE, output: lake });
    const second = await runEtl({ input: SAMPLE, output: lake });
    const format = openTableFormat(lake);
    const manifest = { ...second, runId: '20261130T000000000Z-abcdef', input: SAMPLE, finishedAt: '', nextSongEvents: null, tables: [] };
    const modes = { songplays: 'append', users: 'unchanged', songs: 'unchanged', artists: 'unchanged', time: 'append' } as const;
    await expect(format.publish(manifest, { merge: { baseRunId: first.runId, baseVersions: { songplays: 0, users: 0, songs: 0, artists: 0, time: 0 }, modes } })).rejects.toThrow(
      `run ${second.runId} committed to ${lake} while this incremental run merged into run ${first.runId}; nothing was committed, run it again`,
    );
    expect((await format.latestManifest())?.runId).toBe(second.runId);
  }, 120_000);
});
