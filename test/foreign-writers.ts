import * as fs from 'node:fs';
import * as path from 'node:path';
import { sparkSubmitJob } from './delta-spark';
import { tempDir } from './helpers';
import { pythonAsync } from './lake-readers';

/**
 * Other Delta writers acting on the kit's lake: delta-rs (`deltalake` in .venv) and Spark with delta-spark
 * (.venv/delta-jars), as a platform team (OPTIMIZE, VACUUM), a Spark job (MERGE) or an analyst (table properties)
 * would, plus delta-rs' view of what they left. Everything runs in child processes without blocking this one, so a
 * moto S3 server started by the same test file keeps answering.
 *
 * S3: a table path `s3://bucket/…` is opened by delta-rs with the endpoint and keys of the environment
 * (AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION: pass a moto server's `env`); Spark takes
 * `s3a://bucket/…` paths and the `s3a` option.
 */

/** One change delta-rs makes to a table. */
export type DeltaRsOp =
  /** `write_deltalake(mode='append')` of rows in the table's own schema (its Arrow schema from the log: timestamps
   * µs UTC, ids int64). Values as JSON: a timestamp as an ISO string, epoch ms or a Date; a 62-bit id as a bigint,
   * a decimal string or a number; a missing key is null. Partition columns are ordinary keys of the row. */
  | { op: 'append'; rows: Record<string, unknown>[] }
  /** `DeltaTable.delete(predicate)`: a SQL predicate (DataFusion), e.g. `user_id = 8`. Rewrites the files it hits. */
  | { op: 'delete'; predicate: string }
  /** `optimize.compact()`: bin-packs the small files of each partition. */
  | { op: 'optimize-compact' }
  /** `optimize.z_order(columns)`: rewrites every file of each partition, ordered by the columns. */
  | { op: 'optimize-zorder'; columns: string[] }
  /**
   * `vacuum(retention_hours, dry_run=False)`; `enforce_retention_duration` is off when `retentionHours` is 0 (else
   * delta-rs refuses below the table's retention, 7 days by default). Default "lite" mode deletes only files that
   * `remove` actions of the log name; `full: true` lists the folder and deletes every file no version references.
   */
  | { op: 'vacuum'; retentionHours?: number; full?: boolean }
  /** `create_checkpoint()`: a checkpoint of the current version (no new version). */
  | { op: 'checkpoint' }
  /** `alter.set_table_properties(properties)`, e.g. delta.appendOnly, delta.logRetentionDuration, delta.checkpointInterval. */
  | { op: 'set-properties'; properties: Record<string, string> }
  /** `alter.add_constraint({name: expr})`: a CHECK constraint (raises the writer version to 3 on a legacy table). */
  | { op: 'add-constraint'; name: string; expr: string }
  /**
   * `alter.add_feature(DeletionVectors, allow_protocol_versions_increase=True)` only: the table becomes reader 3 /
   * writer 7 with the one feature `deletionVectors`. delta-rs 1.6.6 then lists no legacy feature the old writer
   * version implied (appendOnly, invariants, checkConstraints), so delta-spark 3.3 refuses the table (NOT NULL
   * columns need `invariants`) and delta-rs stops enforcing CHECK constraints. It does not set
   * `delta.enableDeletionVectors`: with delta-rs that property also adds the reader feature `variantType`, which
   * delta-spark 3.3 cannot read. delta-rs never writes deletion vectors itself (its DELETE rewrites files); Spark
   * writes them once the table property is on (set it with Spark: ALTER TABLE … SET TBLPROPERTIES).
   */
  | { op: 'enable-deletion-vectors' };

/** A table's protocol as delta-rs reports it (`DeltaTable.protocol()`). */
export interface DeltaProtocol {
  minReaderVersion: number;
  minWriterVersion: number;
  /** Sorted; null on a legacy protocol (reader < 3 / writer < 7). */
  readerFeatures: string[] | null;
  writerFeatures: string[] | null;
}

/** One commit in a table's log, from delta-rs' `history()`. */
export interface DeltaCommit {
  version: number;
  operation: string;
  operationMetrics: Record<string, unknown>;
}

export interface DeltaRsResult {
  op: DeltaRsOp['op'];
  /** The table's version after the op (unchanged when the op committed nothing: a checkpoint, a no-op compaction). */
  version: number;
  /** What the delta-rs call returned, as JSON: the metrics dict of delete/optimize, the deleted files of vacuum
   * (`{ deletedFiles }`), null for the calls that return None. */
  reported: unknown;
  /** The commits the op added, oldest first, with their operation and operationMetrics (vacuum adds two). */
  commits: DeltaCommit[];
  /** The protocol after the op. */
  protocol: DeltaProtocol;
  /** Only with `continueOnError`: the op failed with this message (its Python exception's class and text). */
  error?: string;
}

/** One entry of delta-rs' `history()`, newest first: who wrote each version. */
export interface DeltaHistoryEntry {
  version: number;
  timestamp: number | null;
  operation: string | null;
  /** e.g. `delta-rs:py-1.6.6`, `Apache-Spark/3.5.9 Delta-Lake/3.3.2`, `sparkify-lake-kit`. */
  engineInfo: string | null;
  clientVersion: string | null;
  /** The kit puts its run id here. */
  userMetadata: string | null;
  operationParameters: Record<string, unknown>;
  operationMetrics: Record<string, unknown>;
}

export interface DeltaRsFiles {
  version: number;
  /** `dt.file_uris()`: absolute paths for a folder table, `s3://…` URIs on S3, sorted. */
  files: string[];
  /** Rows of the latest version, counted by a full scan (DataFusion, so deletion vectors are applied). */
  rows: number;
  protocol: DeltaProtocol;
  /** `metadata().configuration`: the table properties. */
  configuration: Record<string, string>;
  partitionColumns: string[];
}

/** What one Spark SQL statement returned: its columns and rows, every value as text (null stays null). */
export interface SparkSqlResult {
  statement: string;
  columns: string[];
  /** Scalars as Spark's Python value in text (`str()`); structs, arrays and maps as JSON (e.g. OPTIMIZE's metrics). */
  rows: Record<string, string | null>[];
  /** Only with `continueOnError`: the statement failed with this message (first lines of Spark's error). */
  error?: string;
}

export interface SparkSqlOptions {
  /** Adds the s3a jars and points Hadoop's s3a at an S3-compatible endpoint (tables as `s3a://bucket/…`). */
  s3a?: { endpoint: string; accessKey: string; secretKey: string };
  /** More Spark confs, e.g. `spark.databricks.delta.properties.defaults.enableDeletionVectors`. */
  conf?: Record<string, string>;
  /** Record a failing statement's error in its result and go on, instead of rejecting. */
  continueOnError?: boolean;
}

/**
 * Storage options for delta-rs on an `s3://` table, from the environment (the test's moto server): its endpoint
 * over plain HTTP and dummy keys. Shared by every program below.
 */
const STORAGE_OPTIONS = `
import os
def storage_options(path):
    if not path.startswith('s3://'):
        return None
    options = {'AWS_REGION': os.environ.get('AWS_REGION', 'us-east-1'),
               'AWS_ACCESS_KEY_ID': os.environ['AWS_ACCESS_KEY_ID'], 'AWS_SECRET_ACCESS_KEY': os.environ['AWS_SECRET_ACCESS_KEY'],
               # A commit is a put-if-absent of the next log entry (If-None-Match), as the kit's own commits are.
               'conditional_put': 'etag'}
    if os.environ.get('AWS_ENDPOINT_URL'):
        options['AWS_ENDPOINT_URL'] = os.environ['AWS_ENDPOINT_URL']
        options['AWS_ALLOW_HTTP'] = 'true'
    return options
def protocol_of(dt):
    p = dt.protocol()
    # Features sorted: delta-rs lists them in no stable order.
    return {'minReaderVersion': p.min_reader_version, 'minWriterVersion': p.min_writer_version,
            'readerFeatures': None if p.reader_features is None else sorted(p.reader_features),
            'writerFeatures': None if p.writer_features is None else sorted(p.writer_features)}
`;

/**
 * Applies a list of ops (JSON file argv[2]) in order to the Delta table at argv[1] with delta-rs, reopening the
 * table after each, and prints one JSON line: per op the version after it, what the call returned, the commits it
 * added (from history()) and the protocol. argv[3] == '1': a failing op is recorded and the next one runs.
 */
const DELTA_RS_WRITE = `
import datetime, json, sys, traceback
import pyarrow as pa
from deltalake import DeltaTable, TableFeatures, write_deltalake
${STORAGE_OPTIONS}
path, ops, continue_on_error = sys.argv[1], json.load(open(sys.argv[2])), sys.argv[3] == '1'
options = storage_options(path)
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)

def micros(v):
    # A timestamp given as epoch ms (number) or an ISO string (a naive one is UTC), as µs since the epoch.
    if isinstance(v, (int, float)):
        return int(round(v * 1000))
    d = datetime.datetime.fromisoformat(v.replace('Z', '+00:00'))
    if d.tzinfo is None:
        d = d.replace(tzinfo=datetime.timezone.utc)
    return (d - EPOCH) // datetime.timedelta(microseconds=1)

def column(values, field):
    # One column of the batch, converted to the table's Arrow type.
    t = field.type
    if pa.types.is_timestamp(t):
        return pa.array([None if v is None else micros(v) for v in values], pa.int64()).cast(t)
    if pa.types.is_integer(t):
        return pa.array([None if v is None else int(v) for v in values], t)
    if pa.types.is_floating(t):
        return pa.array([None if v is None else float(v) for v in values], t)
    return pa.array(values, t)

def batch(dt, rows):
    # The rows as a pyarrow table in the table's own schema (nullability included), columns in its order.
    schema = pa.schema(dt.schema().to_arrow())
    unknown = sorted({k for r in rows for k in r} - set(schema.names))
    if unknown:
        raise ValueError(f'columns not in the table: {unknown}')
    return pa.Table.from_arrays([column([r.get(f.name) for r in rows], f) for f in schema], schema=schema)

def apply(dt, op):
    kind = op['op']
    if kind == 'append':
        write_deltalake(dt, batch(dt, op['rows']), mode='append', storage_options=options)
        return None
    if kind == 'delete':
        return dt.delete(op['predicate'])
    if kind == 'optimize-compact':
        return dt.optimize.compact()
    if kind == 'optimize-zorder':
        return dt.optimize.z_order(op['columns'])
    if kind == 'vacuum':
        hours = op.get('retentionHours')
        deleted = dt.vacuum(retention_hours=hours, dry_run=False, enforce_retention_duration=hours != 0, full=bool(op.get('full')))
        return {'deletedFiles': sorted(deleted)}
    if kind == 'checkpoint':
        dt.create_checkpoint()
        return None
    if kind == 'set-properties':
        dt.alter.set_table_properties(op['properties'])
        return None
    if kind == 'add-constraint':
        dt.alter.add_constraint({op['name']: op['expr']})
        return None
    if kind == 'enable-deletion-vectors':
        # The feature only: setting delta.enableDeletionVectors with delta-rs 1.6.6 also adds the reader feature
        # variantType, which delta-spark 3.3 cannot read. Spark sets that property cleanly (ALTER TABLE … SET TBLPROPERTIES).
        dt.alter.add_feature(TableFeatures.DeletionVectors, allow_protocol_versions_increase=True)
        return None
    raise ValueError(f'unknown op {kind}')

out = []
for op in ops:
    dt = DeltaTable(path, storage_options=options)
    # Taken now: delta-rs updates dt in place when it writes through it.
    start = dt.version()
    error = None
    try:
        reported = apply(dt, op)
    except Exception as e:
        if not continue_on_error:
            raise
        reported, error = None, f'{type(e).__name__}: {e}'
    after = DeltaTable(path, storage_options=options)
    added = after.version() - start
    commits = [{'version': h['version'], 'operation': h.get('operation'), 'operationMetrics': h.get('operationMetrics', {})}
               for h in reversed(after.history(added))] if added > 0 else []
    result = {'op': op['op'], 'version': after.version(), 'reported': reported, 'commits': commits, 'protocol': protocol_of(after)}
    if error is not None:
        result['error'] = error
    out.append(result)
print(json.dumps(out, default=str))
`;

/** delta-rs' history() of the table at argv[1], newest first, as one JSON line. */
const DELTA_RS_HISTORY = `
import json, sys
from deltalake import DeltaTable
${STORAGE_OPTIONS}
path = sys.argv[1]
dt = DeltaTable(path, storage_options=storage_options(path))
print(json.dumps([{'version': h['version'], 'timestamp': h.get('timestamp'), 'operation': h.get('operation'),
                   'engineInfo': h.get('engineInfo'), 'clientVersion': h.get('clientVersion'), 'userMetadata': h.get('userMetadata'),
                   'operationParameters': h.get('operationParameters', {}), 'operationMetrics': h.get('operationMetrics', {})}
                  for h in dt.history()], default=str))
`;

/**
 * The table at argv[1] as delta-rs sees it: version, active file URIs, the row count of a DataFusion scan (which
 * applies deletion vectors; pyarrow datasets refuse such tables), protocol, properties, partition columns.
 */
const DELTA_RS_FILES = `
import json, sys
import pyarrow as pa
from deltalake import DeltaTable, QueryBuilder
${STORAGE_OPTIONS}
path = sys.argv[1]
dt = DeltaTable(path, storage_options=storage_options(path))
rows = pa.table(QueryBuilder().register('t', dt).execute('SELECT count(*) AS n FROM t').read_all()).column('n')[0].as_py()
print(json.dumps({'version': dt.version(), 'files': sorted(dt.file_uris()), 'rows': rows, 'protocol': protocol_of(dt),
                  'configuration': dt.metadata().configuration, 'partitionColumns': dt.metadata().partition_columns}))
`;

/**
 * A DataFusion SQL query (argv[2]) over the table at argv[1] registered as \`t\` (deletion vectors applied); rows as
 * text: timestamps ISO 8601, every other value str(), null as null.
 */
const DELTA_RS_QUERY = `
import json, sys, datetime
import pyarrow as pa
from deltalake import DeltaTable, QueryBuilder
${STORAGE_OPTIONS}
path, sql = sys.argv[1], sys.argv[2]
dt = DeltaTable(path, storage_options=storage_options(path))
t = pa.table(QueryBuilder().register('t', dt).execute(sql).read_all())
def text(v):
    if v is None: return None
    if isinstance(v, datetime.datetime): return v.isoformat()
    return str(v)
print(json.dumps([{k: text(v) for k, v in r.items()} for r in t.to_pylist()]))
`;

/** JSON for Python: bigints as decimal strings (the append op turns them back into int64). */
function jsonForPython(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
}

/**
 * Applies `ops` in order to the Delta table at `tablePath` (a folder or `s3://`) with delta-rs, in one Python
 * process. Rejects on the first failing op, unless `continueOnError` (then that op's result has `error`).
 */
export function deltaRsWrite(
  tablePath: string,
  ops: DeltaRsOp[],
  env: Record<string, string> = {},
  options: { continueOnError?: boolean } = {},
): Promise<DeltaRsResult[]> {
  const opsFile = path.join(tempDir('foreign-writer-'), 'ops.json');
  fs.writeFileSync(opsFile, jsonForPython(ops));
  return pythonAsync<DeltaRsResult[]>(DELTA_RS_WRITE, [tablePath, opsFile, options.continueOnError ? '1' : '0'], env);
}

/** delta-rs' `history()` of the table, newest first. */
export function deltaHistory(tablePath: string, env: Record<string, string> = {}): Promise<DeltaHistoryEntry[]> {
  return pythonAsync<DeltaHistoryEntry[]>(DELTA_RS_HISTORY, [tablePath], env);
}

/** The table's active files (`file_uris()`), row count, version, protocol and properties as delta-rs sees them. */
export function deltaRsFilesAndRows(tablePath: string, env: Record<string, string> = {}): Promise<DeltaRsFiles> {
  return pythonAsync<DeltaRsFiles>(DELTA_RS_FILES, [tablePath], env);
}

/** A SQL query over the table (registered as `t`) with delta-rs' DataFusion reader; every value as text. */
export function deltaRsQuery(tablePath: string, sql: string, env: Record<string, string> = {}): Promise<Record<string, string | null>[]> {
  return pythonAsync<Record<string, string | null>[]>(DELTA_RS_QUERY, [tablePath, sql], env);
}

/**
 * The Spark job: each SQL statement (JSON file argv[1]) in order; its result rows with every value as text, structs
 * and arrays as JSON. argv[2] == '1': a failing statement is recorded and the next one runs; otherwise the job
 * prints the failure and exits 1. One marked JSON line of results.
 */
const SPARK_SQL = `
import datetime, decimal, json, sys
from pyspark.sql import Row, SparkSession
spark = SparkSession.builder.appName('foreign-writer-sql').getOrCreate()
spark.sparkContext.setLogLevel('ERROR')
statements, continue_on_error = json.load(open(sys.argv[1])), sys.argv[2] == '1'

def plain(v):
    # Rows (structs), lists and maps to JSON-able values, recursively.
    if isinstance(v, Row): return {k: plain(x) for k, x in v.asDict().items()}
    if isinstance(v, (list, tuple)): return [plain(x) for x in v]
    if isinstance(v, dict): return {str(k): plain(x) for k, x in v.items()}
    if isinstance(v, (datetime.datetime, datetime.date)): return v.isoformat()
    if isinstance(v, decimal.Decimal): return str(v)
    return v

def text(v):
    if v is None: return None
    if isinstance(v, (Row, list, tuple, dict)): return json.dumps(plain(v))
    if isinstance(v, (datetime.datetime, datetime.date)): return v.isoformat()
    return str(v)

def message(e):
    # Spark's message without the JVM stack trace.
    return '\\n'.join(l for l in str(e).split('\\n')[:6] if l.strip() and not l.startswith('JVM stacktrace'))

out = []
for statement in statements:
    try:
        df = spark.sql(statement)
        rows = df.collect()
        out.append({'statement': statement, 'columns': df.columns,
                    'rows': [{c: text(r[i]) for i, c in enumerate(df.columns)} for r in rows]})
    except Exception as e:
        out.append({'statement': statement, 'columns': [], 'rows': [], 'error': message(e)})
        if not continue_on_error:
            break
print('FOREIGN_SPARK_RESULT ' + json.dumps(out))
sys.stdout.flush()
spark.stop()
`;

/**
 * Runs SQL statements in order in ONE spark-submit (local[1], delta-spark, UTC; each JVM start costs ~20 s), the
 * confs of test/delta-spark.ts plus `retentionDurationCheck.enabled=false` so `VACUUM … RETAIN 0 HOURS` runs.
 * Tables are addressed by path: delta.`/lake/songplays`, delta.`s3a://bucket/lake/songplays` (with `s3a`).
 * Rejects with the failing statement and Spark's message, unless `continueOnError`.
 */
export async function sparkDeltaSql(statements: string[], options: SparkSqlOptions = {}): Promise<SparkSqlResult[]> {
  const statementsFile = path.join(tempDir('foreign-spark-'), 'statements.json');
  fs.writeFileSync(statementsFile, JSON.stringify(statements));
  const results = await sparkSubmitJob<SparkSqlResult[]>(SPARK_SQL, [statementsFile, options.continueOnError ? '1' : '0'], 'FOREIGN_SPARK_RESULT', {
    delta: true,
    s3a: options.s3a,
    conf: {
      'spark.databricks.delta.retentionDurationCheck.enabled': 'false',
      // Speed only, on local[1]: 200 shuffle tasks per MERGE/DELETE/OPTIMIZE and 50 per log replay cost minutes.
      'spark.sql.shuffle.partitions': '2',
      'spark.databricks.delta.snapshotPartitions': '2',
      ...options.conf,
    },
  });
  const failed = options.continueOnError ? undefined : results.find((r) => r.error !== undefined);
  if (failed) throw new Error(`Spark failed on: ${failed.statement}\n${failed.error}`);
  return results;
}
