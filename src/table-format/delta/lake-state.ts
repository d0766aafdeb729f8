import { TABLES } from '../../catalog/tables';
import type { CommitInfoAction } from '../../delta/actions';
import { history, type HistoryEntry } from '../../delta/history';
import type { Snapshot } from '../../delta/snapshot';
import { KIT_ENGINE_INFO, readSnapshotOrNull } from '../../delta/table-write';
import type { Storage } from '../../storage/storage';
import { KIT_APP_ID, latestCommitted, listJournal, readIntent } from './lake-journal';
import { storageLogStore } from './storage-log-store';

/** A commit another writer made to a table (delta-rs, Spark, Athena…), named as its log names it. */
export interface ForeignCommit {
  version: number;
  operation: string;
  /** commitInfo.engineInfo or clientVersion: `Apache-Spark/3.5.3 Delta-Lake/3.3.2`, `delta-rs.1.6.6`. */
  writer: string;
}

/** One star table as Delta readers see it now. */
export interface TableState {
  table: string;
  /** The latest version; null when the table does not exist. */
  version: number | null;
  /** The kit run whose rows the table holds: the run of its latest kit commit (a roll-back names the run it restored). */
  runId: string | null;
  /** The run sequence of the kit's latest commit to it (its `txn`), null when the kit never committed to it. */
  seq: number | null;
  /** Commits by other writers since the kit's latest commit, oldest first. */
  foreign: ForeignCommit[];
  /** The table's partition columns as its metadata declares them ([] when it does not exist). */
  partitionColumns: string[];
}

/** A run whose commit phase began and has not ended: still committing (it holds the lock), or dead between commits. */
export interface UnfinishedRun {
  seq: number;
  runId: string;
  committed: string[];
  pending: string[];
}

export interface LakeState {
  tables: TableState[];
  /** The newest run committed whole, in the lake's commit order. */
  latest: { seq: number; runId: string } | null;
  unfinished: UnfinishedRun | null;
  /** Why readers may see a star made of two runs now (an unfinished run, tables at different runs), or null. */
  torn: string | null;
}

export function isKitCommit(info: CommitInfoAction | null): boolean {
  return info !== null && (info.engineInfo === KIT_ENGINE_INFO || typeof info.sparkifyRunId === 'string');
}

function writerOf(info: CommitInfoAction | null): string {
  if (info === null) return 'an unknown writer (no commitInfo)';
  const name = info.engineInfo ?? info.clientVersion;
  return typeof name === 'string' && name !== '' ? name : 'an unknown writer';
}

/** The kit's sequence number in a snapshot (its `txn` action), or null. */
export function kitSeqOf(snapshot: Snapshot | null): number | null {
  return snapshot?.txns.find((t) => t.appId === KIT_APP_ID)?.version ?? null;
}

/** A table's state from its latest snapshot and its log's commit history. */
export function tableState(table: string, snapshot: Snapshot | null, entries: HistoryEntry[]): TableState {
  if (snapshot === null) return { table, version: null, runId: null, seq: null, foreign: [], partitionColumns: [] };
  const lastKit = entries.filter((e) => isKitCommit(e.commitInfo)).at(-1);
  const foreign = entries
    .filter((e) => e.version > (lastKit?.version ?? -1) && !isKitCommit(e.commitInfo))
    .map((e) => ({ version: e.version, operation: String(e.commitInfo?.operation ?? 'unknown operation'), writer: writerOf(e.commitInfo) }));
  const info = lastKit?.commitInfo;
  // A roll-back (RESTORE) holds the rows of the run before the one it undid.
  const named = info?.operation === 'RESTORE' ? info.sparkifyRestoredRunId : info?.sparkifyRunId;
  const runId = typeof named === 'string' && named !== '' ? named : null;
  return { table, version: snapshot.version, runId, seq: kitSeqOf(snapshot), foreign, partitionColumns: snapshot.metadata.partitionColumns };
}

/** Every star table's state, the latest committed run and any unfinished one: what `check`, `status` and every run start from. */
export async function readLakeState(lake: Storage): Promise<LakeState> {
  const tables = await Promise.all(
    TABLES.map(async (t) => {
      const store = storageLogStore(lake.child(t.name));
      const snapshot = await readSnapshotOrNull(store);
      return tableState(t.name, snapshot, snapshot === null ? [] : await history(store));
    }),
  );
  const journal = await listJournal(lake);
  const committed = await latestCommitted(lake, journal);
  const latest = committed ? { seq: committed.seq, runId: committed.outcome.runId } : null;
  const open = journal.filter((e) => !e.finished).at(-1);
  let unfinished: UnfinishedRun | null = null;
  if (open && open.seq > (latest?.seq ?? -1)) {
    const intent = await readIntent(lake, open.seq);
    if (intent) {
      const done = (name: string) => (tables.find((t) => t.table === name)?.seq ?? -1) >= open.seq;
      const names = intent.tables.map((t) => t.table);
      unfinished = { seq: open.seq, runId: intent.runId, committed: names.filter(done), pending: names.filter((n) => !done(n)) };
    }
  }
  return { tables, latest, unfinished, torn: tornReason(tables, unfinished, journal.length > 0) };
}

/**
 * Why readers may see two runs at once. Tables at different runs count only in a lake with a journal: before it, an
 * incremental run left unchanged tables without a commit, so their latest commits named older runs legitimately.
 */
function tornReason(tables: TableState[], unfinished: UnfinishedRun | null, journaled: boolean): string | null {
  // A run that committed some of its tables and not the others (all of them, or none: readers see one run).
  if (unfinished && unfinished.committed.length > 0 && unfinished.pending.length > 0) {
    return `run ${unfinished.runId} committed ${unfinished.committed.join(', ')} but not ${unfinished.pending.join(', ')}`;
  }
  if (!journaled) return null;
  const runs = new Map<string, string[]>();
  for (const t of tables) if (t.version !== null) runs.set(t.runId ?? 'no kit run', [...(runs.get(t.runId ?? 'no kit run') ?? []), t.table]);
  if (runs.size <= 1) return null;
  return `the tables' latest kit commits belong to different runs: ${[...runs].map(([run, names]) => `${names.join(', ')} from ${run}`).join('; ')}`;
}
