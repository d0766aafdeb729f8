/**
 * Delta Lake log actions (PROTOCOL.md, "Actions"), as they appear in a commit's JSON lines. Only what the kit
 * writes and what a plain reader-1/writer-2 table may hold: no deletion vectors, no column mapping, no table
 * features, so every Delta reader (Spark, delta-rs, Athena, Trino, DuckDB) opens the tables.
 */

export interface ProtocolAction {
  minReaderVersion: number;
  minWriterVersion: number;
  readerFeatures?: string[];
  writerFeatures?: string[];
}

export interface MetadataAction {
  id: string;
  name?: string | null;
  description?: string | null;
  format: { provider: string; options: Record<string, string> };
  /** The table's schema, as Spark's JSON schema (see table-schema.ts). */
  schemaString: string;
  partitionColumns: string[];
  createdTime?: number | null;
  configuration: Record<string, string>;
}

export interface AddAction {
  /** Relative to the table root, URL-encoded (see data-path.ts). */
  path: string;
  /** Partition column → value as a string, null for a null partition. */
  partitionValues: Record<string, string | null>;
  size: number;
  modificationTime: number;
  dataChange: boolean;
  /** JSON text: numRecords, minValues, maxValues, nullCount. */
  stats?: string | null;
  tags?: Record<string, string> | null;
}

export interface RemoveAction {
  path: string;
  deletionTimestamp?: number | null;
  dataChange: boolean;
  extendedFileMetadata?: boolean;
  partitionValues?: Record<string, string | null>;
  size?: number;
}

export interface CommitInfoAction {
  timestamp: number;
  operation: string;
  operationParameters: Record<string, string>;
  [extra: string]: unknown;
}

export interface TxnAction {
  appId: string;
  version: number;
  lastUpdated?: number;
}

/** One line of a commit file. Unknown action kinds (cdc, domainMetadata…) are kept as they were read. */
export type Action =
  | { protocol: ProtocolAction }
  | { metaData: MetadataAction }
  | { add: AddAction }
  | { remove: RemoveAction }
  | { commitInfo: CommitInfoAction }
  | { txn: TxnAction };

/** Reader 1 / writer 2: the oldest protocol that has everything the kit needs, so every reader supports it. */
export const KIT_PROTOCOL: ProtocolAction = { minReaderVersion: 1, minWriterVersion: 2 };

/** The highest protocol this module can read and write correctly (no table features, no column mapping). */
export const SUPPORTED_READER_VERSION = 1;
export const SUPPORTED_WRITER_VERSION = 2;

/** Serializes actions as a commit file: one JSON document per line. */
export function commitFileText(actions: Action[]): string {
  return actions.map((a) => JSON.stringify(a)).join('\n') + '\n';
}

/** Parses a commit file's lines into actions; blank lines are skipped. */
export function parseCommitFile(text: string): Action[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Action);
}
