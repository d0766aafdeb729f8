/**
 * Delta Lake tables for the kit: data files, the transaction log, snapshots, checkpoints, retention.
 * Self-contained (catalog types, the kit's Parquet bytes in parquet/ and its pool, Node, the AWS SDK, nodejs-polars,
 * parquet-wasm), to be plugged into the table-format seam.
 */
export type { Action, AddAction, CommitInfoAction, MetadataAction, ProtocolAction, RemoveAction } from './actions';
export { KIT_PROTOCOL } from './actions';
export type { LogStore, StoredObject } from './log-store';
export { deltaSchema, schemaString } from './table-schema';
export { encodeDataPath, decodeDataPath } from './data-path';
export { writeDataFiles } from './data-files';
export { fixParquetFooter, fixParquetFooterBytes } from '../parquet/strip-arrow-schema';
export { commit, CommitConflictError, DEFAULT_CHECKPOINT_INTERVAL, TableWriteRefusedError } from './commit';
export type { CommitOptions, CommitResult } from './commit';
export { conflictReason } from './conflicts';
export { commitTableWrite, writeActions, metadataAction, removeAction, readSnapshotOrNull, KIT_ENGINE_INFO } from './table-write';
export type { TableWrite, WriteMode } from './table-write';
export { readSnapshot, NotADeltaTableError } from './snapshot';
export type { Snapshot } from './snapshot';
export { history, versionAt, versionOfRun } from './history';
export type { HistoryEntry } from './history';
export { writeCheckpoint } from './checkpoint';
export { vacuum } from './vacuum';
export type { VacuumOptions, VacuumResult } from './vacuum';
