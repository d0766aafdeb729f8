import { randomUUID } from 'node:crypto';
import type { TableDef } from '../catalog/types';
import type { Action, AddAction, CommitInfoAction, MetadataAction } from './actions';
import { KIT_PROTOCOL } from './actions';
import type { CommitResult } from './commit';
import { assertWritable, commit } from './commit';
import type { LogStore } from './log-store';
import { NotADeltaTableError, readSnapshot, type Snapshot } from './snapshot';
import { sameSchema, schemaString } from './table-schema';

/** How a write changes the table: replace every row (the kit's runs), or add rows. */
export type WriteMode = 'overwrite' | 'append';

export interface TableWrite {
  table: TableDef;
  /** The new data files, already written under the table root (see data-files.ts). */
  adds: AddAction[];
  mode: WriteMode;
  /** Recorded in commitInfo, so a version can be traced to the run that made it. */
  runId: string;
  now?: number;
  checkpointInterval?: number;
  /**
   * An append computed from an older version than the latest (an incremental run merges into the version its base
   * run committed; a killed run may have committed past it): the files of that version. The commit first puts the
   * table back to them (removing what came later, adding back what was removed), then appends.
   */
  baseFiles?: AddAction[];
}

export function metadataAction(table: TableDef, id: string = randomUUID(), now: number = Date.now()): MetadataAction {
  return {
    id,
    name: null,
    description: null,
    format: { provider: 'parquet', options: {} },
    schemaString: schemaString(table),
    partitionColumns: [...table.partitionBy],
    createdTime: now,
    configuration: {},
  };
}

/**
 * commitInfo in the shape Spark and delta-rs write (operation WRITE, mode, partitionBy as JSON text, string
 * metrics), plus the run id twice: `sparkifyRunId` for the kit, `userMetadata` which Spark's DESCRIBE HISTORY shows.
 */
export function commitInfoAction(write: TableWrite, readVersion: number | null, removed: number, now: number): CommitInfoAction {
  const rows = write.adds.reduce((n, a) => n + (a.stats ? (JSON.parse(a.stats) as { numRecords?: number }).numRecords ?? 0 : 0), 0);
  return {
    timestamp: now,
    operation: readVersion === null ? 'CREATE TABLE AS SELECT' : 'WRITE',
    operationParameters: { mode: write.mode === 'overwrite' ? 'Overwrite' : 'Append', partitionBy: JSON.stringify(write.table.partitionBy) },
    ...(readVersion === null ? {} : { readVersion }),
    isolationLevel: 'Serializable',
    isBlindAppend: write.mode === 'append',
    operationMetrics: {
      numFiles: String(write.adds.length),
      numOutputRows: String(rows),
      numOutputBytes: String(write.adds.reduce((n, a) => n + a.size, 0)),
      numRemovedFiles: String(removed),
    },
    engineInfo: 'sparkify-lake-kit',
    txnId: randomUUID(),
    userMetadata: write.runId,
    sparkifyRunId: write.runId,
  };
}

/**
 * The actions of one write against the snapshot it was computed from (null: the table does not exist yet).
 * A replace is ONE commit: a remove for every active file, the new adds, and a metaData action when the catalog's
 * schema or partitioning differs from the table's.
 */
export function writeActions(write: TableWrite, snapshot: Snapshot | null): Action[] {
  const now = write.now ?? Date.now();
  if (snapshot === null) {
    return [
      { commitInfo: commitInfoAction(write, null, 0, now) },
      { protocol: KIT_PROTOCOL },
      { metaData: metadataAction(write.table, randomUUID(), now) },
      ...write.adds.map((add) => ({ add })),
    ];
  }
  const base = write.mode === 'append' && write.baseFiles ? new Set(write.baseFiles.map((f) => f.path)) : null;
  const active = new Set(snapshot.files.map((f) => f.path));
  const removes = write.mode === 'overwrite' ? snapshot.files : base ? snapshot.files.filter((f) => !base.has(f.path)) : [];
  const restored = base ? write.baseFiles!.filter((f) => !active.has(f.path)) : [];
  const wanted = metadataAction(write.table, snapshot.metadata.id, now);
  const changed =
    !sameSchema(wanted.schemaString, snapshot.metadata.schemaString) ||
    JSON.stringify(wanted.partitionColumns) !== JSON.stringify(snapshot.metadata.partitionColumns);
  if (changed && write.mode === 'append') {
    throw new Error(`${write.table.name}: the catalog's schema or partitioning differs from the table's; only a full replace may change it`);
  }
  return [
    { commitInfo: commitInfoAction(write, snapshot.version, removes.length, now) },
    ...(changed ? [{ metaData: wanted }] : []),
    ...removes.map((f) => ({
      remove: {
        path: f.path,
        deletionTimestamp: now,
        dataChange: true,
        extendedFileMetadata: true,
        partitionValues: f.partitionValues,
        size: f.size,
      },
    })),
    ...restored.map((add) => ({ add: { ...add, modificationTime: now, dataChange: true } })),
    ...write.adds.map((add) => ({ add })),
  ];
}

/** Whether a write changes anything: an append of no files onto its base version does not. */
export function writeChanges(write: TableWrite, snapshot: Snapshot | null): boolean {
  if (snapshot === null || write.mode === 'overwrite' || write.adds.length > 0) return true;
  if (!write.baseFiles) return false;
  const base = new Set(write.baseFiles.map((f) => f.path));
  return snapshot.files.length !== base.size || snapshot.files.some((f) => !base.has(f.path));
}

/** Reads the latest snapshot (if the table exists), builds the write's actions and commits them. */
export async function commitTableWrite(store: LogStore, write: TableWrite): Promise<CommitResult> {
  let snapshot: Snapshot | null = null;
  try {
    snapshot = await readSnapshot(store);
  } catch (err) {
    if (!(err instanceof NotADeltaTableError)) throw err;
  }
  if (snapshot) assertWritable(snapshot.protocol, store.location);
  if (snapshot && !writeChanges(write, snapshot)) return { version: snapshot.version, attempts: 0, checkpoint: null };
  return commit(store, writeActions(write, snapshot), {
    expectedVersion: snapshot === null ? 0 : snapshot.version + 1,
    checkpointInterval: write.checkpointInterval,
  });
}
