import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tableByName } from '../src/catalog/tables';
import { commitTableWrite, readSnapshot, writeDataFiles } from '../src/delta';
import { openStorage } from '../src/storage/open-storage';
import { storageLogStore } from '../src/table-format/delta/storage-log-store';
import { runEtl } from '../src/run/etl';
import { openTableFormat } from '../src/table-format/open-table-format';
import { SAMPLE, tempDir } from './helpers';
import { usersFrame } from './delta-fixtures';

const users = tableByName('users');

/** The commit of an incremental run: an append onto the version its base run committed (src/delta/table-write.ts). */
describe('an append against a base version', () => {
  it('puts back a table a killed run committed past the base, then appends; nothing to do commits nothing', async () => {
    const root = path.join(tempDir('delta-merge-'), 'users');
    const store = storageLogStore(openStorage(root));
    const base = writeDataFiles(usersFrame(), users, root);
    await commitTableWrite(store, { table: users, adds: base, mode: 'overwrite', runId: 'base' });
    // A killed run replaced the table (version 1) but never wrote its run manifest: readers stay on version 0.
    await commitTableWrite(store, { table: users, adds: writeDataFiles(usersFrame(['paid', 'paid', 'paid']), users, root), mode: 'overwrite', runId: 'killed' });

    const baseFiles = (await readSnapshot(store, { version: 0 })).files;
    const added = writeDataFiles(usersFrame(['free', 'free', 'free']), users, root);
    const result = await commitTableWrite(store, { table: users, adds: added, mode: 'append', runId: 'incremental', baseFiles });
    expect(result.version).toBe(2);
    const active = (await readSnapshot(store)).files.map((f) => f.path).sort();
    expect(active).toEqual([...base, ...added].map((f) => f.path).sort());

    // Unchanged against its base (the latest version): no commit.
    const again = await commitTableWrite(store, { table: users, adds: [], mode: 'append', runId: 'idle', baseFiles: (await readSnapshot(store)).files });
    expect(again.version).toBe(2);
    expect(again.attempts).toBe(0);
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
