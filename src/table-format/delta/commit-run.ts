import { tableByName } from '../../catalog/tables';
import type { Action, AddAction } from '../../delta/actions';
import { assertAppendOnlyAllows, assertWritable, commit, CommitConflictError } from '../../delta/commit';
import { decodeDataPath } from '../../delta/data-path';
import { readCommit, readSnapshot } from '../../delta/snapshot';
import { checkpointIntervalOf, commitInfoAction, readSnapshotOrNull, removeAction, writeActions } from '../../delta/table-write';
import { history } from '../../delta/history';
import type { Storage } from '../../storage/storage';
import type { HeldLock } from './commit-lock';
import { KIT_APP_ID, type CommitIntent, type TableIntent } from './lake-journal';
import { isKitCommit, kitSeqOf } from './lake-state';
import { storageLogStore } from './storage-log-store';

/** A full run's replace that lost its race to another writer is computed again from the newer version, this often. */
const REPLACE_ATTEMPTS = 3;

/**
 * Commits one table of a run's intent as a Delta transaction carrying the run's `txn`: a replace removes every
 * file active now (other writers' too), an append only adds, an unchanged table gets a commit that records the run.
 * A table whose `txn` already shows the run is left alone (its commit landed before a crash): applying an intent
 * twice changes nothing. Returns the table's version with the run in it, and whether that commit was made just now.
 */
export async function commitIntentTable(lake: Storage, intent: CommitIntent, planned: TableIntent): Promise<{ version: number; now: boolean }> {
  const table = tableByName(planned.table);
  const store = storageLogStore(lake.child(planned.table));
  for (let attempt = 1; ; attempt++) {
    const snapshot = await readSnapshotOrNull(store);
    if (snapshot !== null && (kitSeqOf(snapshot) ?? -1) >= intent.seq) return { version: snapshot.version, now: false };
    if (snapshot) assertWritable(snapshot, store.location);
    const actions = writeActions(
      {
        table,
        adds: planned.mode === 'unchanged' ? [] : planned.adds,
        mode: planned.mode === 'overwrite' ? 'overwrite' : 'append',
        runId: intent.runId,
        txn: { appId: KIT_APP_ID, version: intent.seq },
      },
      snapshot,
    );
    if (snapshot) assertAppendOnlyAllows(snapshot, actions, store.location);
    try {
      const result = await commit(store, actions, { expectedVersion: snapshot === null ? 0 : snapshot.version + 1, checkpointInterval: checkpointIntervalOf({}, snapshot) });
      return { version: result.version, now: true };
    } catch (err) {
      // A full run replaces whatever the table holds, so a replace that lost to another writer is simply computed
      // again from the newer version; an incremental run's replace was computed from what it read and may not be.
      const recompute = err instanceof CommitConflictError && planned.mode === 'overwrite' && intent.mode === 'full' && attempt < REPLACE_ATTEMPTS;
      if (!recompute) throw err;
    }
  }
}

/**
 * Why the intent's table cannot be committed now, or null when it can: its files must all be there, and an
 * incremental run's replaced table must still be at the version the run read (else another writer's change since
 * would be lost).
 */
export async function whyNotCommittable(lake: Storage, intent: CommitIntent, planned: TableIntent): Promise<string | null> {
  const store = storageLogStore(lake.child(planned.table));
  const snapshot = await readSnapshotOrNull(store);
  if (snapshot !== null && (kitSeqOf(snapshot) ?? -1) >= intent.seq) return null;
  if (intent.mode === 'incremental' && planned.mode === 'overwrite' && planned.readVersion !== null && snapshot?.version !== planned.readVersion) {
    return `${planned.table} changed (version ${snapshot?.version ?? 'none'}) after the run read version ${planned.readVersion}`;
  }
  const missing = await missingFiles(lake.child(planned.table), planned.adds);
  if (missing.length > 0) return `${missing.length} of ${planned.table}'s new files are gone (e.g. ${missing[0]})`;
  return null;
}

/** The files of `adds` that are not on storage, listing each run folder they lie in once. */
async function missingFiles(table: Storage, adds: AddAction[]): Promise<string[]> {
  const keys = adds.map((a) => decodeDataPath(a.path));
  const folders = [...new Set(keys.map((k) => k.split('/')[0]))];
  const present = new Set<string>();
  for (const folder of folders) for (const o of await table.list(folder)) present.add(o.key);
  return keys.filter((k) => !present.has(k));
}

/**
 * Takes one table back to what it held before the run's commit: removes the run's files that are still active and
 * adds back the files the run's commit removed (and its metaData, when the run changed it). Commits nothing when
 * the run never committed to the table. Throws, committing nothing, when a file to restore is gone (a VACUUM).
 */
export async function rollBackTable(lake: Storage, intent: CommitIntent, name: string, lock: HeldLock): Promise<number | null> {
  const store = storageLogStore(lake.child(name));
  const entries = await history(store);
  const runCommit = entries.find((e) => e.commitInfo?.sparkifyRunSeq === intent.seq && e.commitInfo?.operation !== 'RESTORE');
  if (!runCommit) return null;
  const ours = await readCommit(store, runCommit.version);
  const added = new Set(ours.flatMap((a) => ('add' in a ? [a.add.path] : [])));
  const removed = new Set(ours.flatMap((a) => ('remove' in a ? [a.remove.path] : [])));
  const before = runCommit.version === 0 ? null : await readSnapshot(store, { version: runCommit.version - 1 });
  const latest = await readSnapshot(store);
  const active = new Set(latest.files.map((f) => f.path));
  const restore = (before?.files ?? []).filter((f) => removed.has(f.path) && !active.has(f.path));
  const missing = await missingFiles(lake.child(name), restore);
  if (missing.length > 0) throw new Error(`${name}: cannot roll back run ${intent.runId}: ${missing.length} files of version ${runCommit.version - 1} are gone (e.g. ${missing[0]})`);
  const now = Date.now();
  const previousRun = entries.filter((e) => e.version < runCommit.version && isKitCommit(e.commitInfo)).at(-1)?.commitInfo?.sparkifyRunId;
  const body: Action[] = [
    ...(before && ours.some((a) => 'metaData' in a) ? [{ metaData: before.metadata }] : []),
    ...latest.files.filter((f) => added.has(f.path)).map((f) => removeAction(f, now)),
    ...restore.map((add) => ({ add: { ...add, dataChange: true } })),
  ];
  const info = commitInfoAction({ table: tableByName(name), mode: 'overwrite', runId: intent.runId }, body, latest.version, now, {
    name: 'RESTORE',
    parameters: { version: String(runCommit.version - 1) },
  });
  // Readers see which run's rows the table holds again.
  const restoredRun = typeof previousRun === 'string' ? previousRun : null;
  const actions: Action[] = [{ commitInfo: { ...info, sparkifyRunSeq: intent.seq, sparkifyRestoredRunId: restoredRun } }, ...body];
  await lock.assertHeld();
  const result = await commit(store, actions, { expectedVersion: latest.version + 1, checkpointInterval: checkpointIntervalOf({}, latest) });
  return result.version;
}
