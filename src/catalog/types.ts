/** Column types of the published tables, named after what Spark readers see. */
export type ColumnType = 'bigint' | 'int' | 'double' | 'string' | 'timestamp';

export interface ColumnDef {
  name: string;
  type: ColumnType;
  /** Whether null is a legitimate value (checked before publishing). */
  nullable: boolean;
  doc: string;
}

export interface TableDef {
  name: string;
  /** The SQL model that produces the table: src/tables/<name>/<model>.sql. */
  model: string;
  doc: string;
  columns: ColumnDef[];
  /** Columns that identify a row: unique and not null. */
  key: string[];
  /** Hive partition columns, in folder order; they live in folder names, not in the Parquet files. */
  partitionBy: string[];
  /** Sort order inside each written file, so the same input gives the same bytes. */
  sortBy: string[];
}

/** Types a raw JSON field may have, before the staging models fix them. */
export type RawType = 'string' | 'integer' | 'number';

export interface RawFieldDef {
  name: string;
  type: RawType;
  /** A record missing this field (or holding null) is quarantined. */
  required: boolean;
  /** For strings: the value must match this (JavaScript and Python compatible) regular expression. */
  pattern?: string;
  /** For numbers: the accepted range, inclusive (what the staging casts and the id hash can hold). */
  minimum?: number;
  maximum?: number;
  /** The field must be present and non-empty when another field has this value. */
  requiredWhen?: { field: string; equals: string };
  doc: string;
}

export interface SourceDef {
  /** Name of the raw relation the staging models select from. */
  name: string;
  /** Sub-folder of the input that holds this source's files. */
  folder: string;
  doc: string;
  fields: RawFieldDef[];
}

/**
 * A data-quality check declared beside the tables (as dbt declares tests beside its models). Keys (unique,
 * not null) and non-nullable columns are checked from the table definition itself; these are the rest.
 * `severity: 'error'` checks block publishing; 'warn' ones are reported only.
 */
export type CheckDef = (
  | { kind: 'unique'; columns: string[] }
  | { kind: 'not_null'; column: string }
  /** Every non-null value is present in the referenced table's column. */
  | { kind: 'relationships'; column: string; to: { table: string; column: string } }
  /** Every non-null value is one of these. */
  | { kind: 'accepted_values'; column: string; values: string[] }
  /** Every non-null value lies within the bounds, inclusive unless `exclusive`. */
  | { kind: 'range'; column: string; min?: number; max?: number; exclusive?: boolean }
  /** The table's row count equals a count the run measured on its input (persisted in the run manifest). */
  | { kind: 'reconciliation'; against: ReconciliationCount }
) & { severity?: 'error' | 'warn'; doc?: string };

/** Counts an engine measures while reading its input, against which written tables are reconciled. */
export type ReconciliationCount = 'play_events';

/**
 * How an incremental run folds this run's rows into the lake's table (src/tables/<name>/merge.sql says how):
 * upsert: merge.sql combines the lake's table (lake_<name>) and this run's rows (new_<name>) into the whole table,
 * which replaces it; append: merge.sql selects the rows of new_<name> the lake lacks, which are appended (the lake
 * step reads only the partitions new_<name> falls in).
 */
export type IncrementalMode = 'upsert' | 'append';

/**
 * How a table's model runs when the events arrive in buckets of users (a large input, on the local engine):
 * per-user: a row depends on one user's events only, so the model runs once per bucket and each bucket's rows are
 * part of the table; distinct: the rows are a DISTINCT over what the model reads, so it runs per bucket and the
 * buckets' rows are made distinct once more. A table that reads bucketed relations must say which.
 */
export type BucketMode = 'per-user' | 'distinct';

/** How a table is laid out in files: its Hive partition columns and the sort order inside each file. */
export type Layout = Pick<TableDef, 'partitionBy' | 'sortBy'>;

/** Everything declared about one table in its folder (src/tables/<name>/<name>.yml), beside its SQL. */
export interface TableFolder {
  table: TableDef;
  /** Where the table is listed (summaries, docs, notebooks): 1 first. */
  position: number;
  /** Alternatives to the declared partitioning and sort order, by name; SPARKIFY_LAYOUT picks one for a process. */
  layouts: Record<string, Layout>;
  /** Declared data-quality checks, beyond the key and the non-nullable columns every table gets. */
  checks: CheckDef[];
  /** Columns the skew analysis counts distinct values of, as partition columns worth considering. */
  partitionCandidates: string[];
  incremental: IncrementalMode;
  buckets?: BucketMode;
  /** The folder, holding <name>.yml, <model>.sql and merge.sql. */
  dir: string;
}
