import { randomUUID } from 'node:crypto';
import type { TableDef } from '../catalog/types';
import type { Action, AddAction, CommitInfoAction, MetadataAction, RemoveAction, TxnAction } from './actions';
import { KIT_PROTOCOL } from './actions';
import type { CommitResult } from './commit';
import { assertAppendOnlyAllows, assertWritable, commit, DEFAULT_CHECKPOINT_INTERVAL } from './commit';
import type { LogStore } from './log-store';
import { NotADeltaTableError, readSnapshot, type Snapshot } from './snapshot';
import { sameSchema, schemaString } from './table-schema';
import { tableProperties } from './table-properties';

/** How a write changes the table: replace every row (a full run), or add rows (or none: a commit that only records the run). */
export type WriteMode = 'overwrite' | 'append';

export interface TableWrite {
  table: TableDef;
  /** The new data files, already written under the table root (see data-files.ts). */
  adds: AddAction[];
  mode: WriteMode;
  /** Recorded in commitInfo, so a version can be traced to the run that made it. */
  runId: string;
  /** The writer's transaction identifier (Delta's `txn` action): the kit's run sequence in the lake. */
  txn?: TxnAction;
  now?: number;
  /** Overrides the table's `delta.checkpointInterval` (and the default of 10). */
  checkpointInterval?: number;
}

/** The metaData of a table the catalog describes; `previous` keeps an existing table's id, properties and creation time. */
export function metadataAction(table: TableDef, previous: MetadataAction | null = null, now: number = Date.now()): MetadataAction {
  return {
    id: previous?.id ?? randomUUID(),
    name: previous?.name ?? null,
    description: previous?.description ?? null,
    format: { provider: 'parquet', options: {} },
    schemaString: schemaString(table),
    partitionColumns: [...table.partitionBy],
    createdTime: previous?.createdTime ?? now,
    // Other writers' table properties (appendOnly, retention, checkpoint interval) survive a schema change.
    configuration: { ...(previous?.configuration ?? {}) },
  };
}

/** The rows a write adds, from its files' statistics. */
function rowsAdded(adds: AddAction[]): number {
  return adds.reduce((n, a) => n + (a.stats ? ((JSON.parse(a.stats) as { numRecords?: number }).numRecords ?? 0) : 0), 0);
}

/**
 * commitInfo in the shape Spark and delta-rs write (operation, mode, partitionBy as JSON text, string metrics), plus
 * the run id twice: `sparkifyRunId` for the kit, `userMetadata` which Spark's DESCRIBE HISTORY shows.
 */
export function commitInfoAction(
  write: Pick<TableWrite, 'table' | 'mode' | 'runId' | 'txn'>,
  actions: Action[],
  readVersion: number | null,
  now: number,
  operation?: { name: string; parameters: Record<string, string> },
): CommitInfoAction {
  const adds = actions.flatMap((a) => ('add' in a ? [a.add] : []));
  const removes = actions.filter((a) => 'remove' in a).length;
  // Spark's rule: an append that removes nothing and changes no metadata; a replace is never blind (it read the table).
  const blind = write.mode === 'append' && removes === 0 && !actions.some((a) => 'metaData' in a || 'protocol' in a);
  return {
    timestamp: now,
    operation: operation?.name ?? (readVersion === null ? 'CREATE TABLE AS SELECT' : 'WRITE'),
    operationParameters: operation?.parameters ?? { mode: write.mode === 'overwrite' ? 'Overwrite' : 'Append', partitionBy: JSON.stringify(write.table.partitionBy) },
    ...(readVersion === null ? {} : { readVersion }),
    isolationLevel: 'Serializable',
    isBlindAppend: blind,
    operationMetrics: {
      numFiles: String(adds.length),
      numOutputRows: String(rowsAdded(adds)),
      numOutputBytes: String(adds.reduce((n, a) => n + a.size, 0)),
      numRemovedFiles: String(removes),
    },
    engineInfo: KIT_ENGINE_INFO,
    txnId: randomUUID(),
    userMetadata: write.runId,
    sparkifyRunId: write.runId,
    ...(write.txn ? { sparkifyRunSeq: write.txn.version } : {}),
  };
}

/** commitInfo.engineInfo of the kit's commits: how `status` tells them from other writers'. */
export const KIT_ENGINE_INFO = 'sparkify-lake-kit';

/** A remove action for an active file (extended metadata, so readers and VACUUM need not look the file up). */
export function removeAction(file: AddAction, now: number): { remove: RemoveAction } {
  return {
    remove: { path: file.path, deletionTimestamp: now, dataChange: true, extendedFileMetadata: true, partitionValues: file.partitionValues, size: file.size },
  };
}

/**
 * The actions of one write against the snapshot it was computed from (null: the table does not exist yet).
 * A replace is ONE commit: a remove for every active file (other writers' included), the new adds, and a metaData
 * action when the catalog's schema or partitioning differs from the table's. An append only adds. The run's `txn`
 * goes into every commit, so a version names the run that made it.
 */
export function writeActions(write: TableWrite, snapshot: Snapshot | null): Action[] {
  const now = write.now ?? Date.now();
  const txn: Action[] = write.txn ? [{ txn: { ...write.txn, lastUpdated: now } }] : [];
  let body: Action[];
  if (snapshot === null) {
    body = [{ protocol: KIT_PROTOCOL }, { metaData: metadataAction(write.table, null, now) }, ...txn, ...write.adds.map((add) => ({ add }))];
  } else {
    const wanted = metadataAction(write.table, snapshot.metadata, now);
    const changed =
      !sameSchema(wanted.schemaString, snapshot.metadata.schemaString) ||
      JSON.stringify(wanted.partitionColumns) !== JSON.stringify(snapshot.metadata.partitionColumns);
    if (changed && write.mode === 'append') {
      throw new Error(`${write.table.name}: the catalog's schema or partitioning differs from the table's; only a full replace may change it`);
    }
    const removes = write.mode === 'overwrite' ? snapshot.files.map((f) => removeAction(f, now)) : [];
    body = [...(changed ? [{ metaData: wanted }] : []), ...txn, ...removes, ...write.adds.map((add) => ({ add }))];
  }
  return [{ commitInfo: commitInfoAction(write, body, snapshot?.version ?? null, now) }, ...body];
}

/** The checkpoint interval of a table: the write's override, the table's `delta.checkpointInterval`, or the default. */
export function checkpointIntervalOf(write: Pick<TableWrite, 'checkpointInterval'>, snapshot: Snapshot | null): number {
  return write.checkpointInterval ?? (snapshot ? tableProperties(snapshot.metadata).checkpointInterval : null) ?? DEFAULT_CHECKPOINT_INTERVAL;
}

/** The table's latest snapshot, or null when it is not a Delta table yet. */
export async function readSnapshotOrNull(store: LogStore): Promise<Snapshot | null> {
  try {
    return await readSnapshot(store);
  } catch (err) {
    if (err instanceof NotADeltaTableError) return null;
    throw err;
  }
}

/** Reads the latest snapshot (if the table exists), builds the write's actions and commits them. */
export async function commitTableWrite(store: LogStore, write: TableWrite): Promise<CommitResult> {
  const snapshot = await readSnapshotOrNull(store);
  if (snapshot) assertWritable(snapshot, store.location);
  // Nothing to add and no run to record: no commit.
  if (snapshot && write.mode === 'append' && write.adds.length === 0 && !write.txn) return { version: snapshot.version, attempts: 0, checkpoint: null };
  const actions = writeActions(write, snapshot);
  if (snapshot) assertAppendOnlyAllows(snapshot, actions, store.location);
  return commit(store, actions, {
    expectedVersion: snapshot === null ? 0 : snapshot.version + 1,
    checkpointInterval: checkpointIntervalOf(write, snapshot),
  });
}
