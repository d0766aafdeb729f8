import pl from 'nodejs-polars';
import type { CheckDef } from '../catalog/types';
import { checkName, exampleRows, MAX_EXAMPLES, type CheckResult } from './check-result';

/** The tables of one lake (or one run), read as frames, by name. */
export type TableFrames = Record<string, pl.DataFrame>;

/** The counts reconciliation checks compare tables against (a run manifest's: src/lake-log/run-manifest.ts). */
export interface ReconciliationCounts {
  play_events?: { expected: number; explain: string };
  /** Why there is nothing to reconcile against (e.g. another writer changed the table since the run). */
  skippedBecause?: string;
}

/** A check that looks at rows (every kind but reconciliation, which compares a row count). */
export type RowCheck = Exclude<CheckDef, { kind: 'reconciliation' }>;

/** What one check found over some rows: how many broke it, of how many, a few of them, and what breaking it means. */
export interface CheckCount {
  failingRows: number;
  rows: number;
  examples: Record<string, unknown>[];
  /** "rows have a null user_id": the detail line's words after "N of M". */
  what: string;
}

/**
 * Evaluates one check of `table` with Polars: selects the offending rows, counts them and keeps a few.
 * Nulls are the business of not_null checks only: relationships, accepted values and ranges skip them.
 * Counted by a lazy query on Polars' threads, so that checks evaluated at once share both cores (run-checks.ts).
 */
export async function evaluateCheck(table: string, check: CheckDef, frames: TableFrames, counts: ReconciliationCounts): Promise<CheckResult> {
  if (check.kind === 'reconciliation') return reconcile(table, check, frames[table].height, counts);
  return checkResult(table, check, await countFailures(table, check, frames));
}

/** A check's result from its count (over a whole table, or summed over its parts: check-in-parts.ts). */
export function checkResult(table: string, check: RowCheck, count: CheckCount): CheckResult {
  const { failingRows, rows, examples, what } = count;
  return {
    ...resultBase(table, check),
    status: failingRows === 0 ? 'pass' : 'fail',
    failingRows,
    examples: failingRows === 0 ? [] : examples,
    detail: failingRows === 0 ? `${rows} rows checked` : `${failingRows} of ${rows} ${what}`,
  };
}

/** A table's row count against the count the run recorded (a reconciliation check). */
export function reconcile(table: string, check: Extract<CheckDef, { kind: 'reconciliation' }>, rows: number, counts: ReconciliationCounts): CheckResult {
  const base = resultBase(table, check);
  const count = counts[check.against];
  if (!count) {
    const why = counts.skippedBecause ?? `no ${check.against} count recorded for this run (no run manifest, or the engine did not report it)`;
    return { ...base, status: 'skipped', failingRows: 0, examples: [], detail: why };
  }
  const difference = rows - count.expected;
  return {
    ...base,
    status: difference === 0 ? 'pass' : 'fail',
    failingRows: Math.abs(difference),
    examples: [],
    detail: `${rows} rows, expected ${count.expected} = ${count.explain}${difference === 0 ? '' : ` (${difference > 0 ? '+' : ''}${difference})`}`,
  };
}

function resultBase(table: string, check: CheckDef) {
  return {
    name: checkName(table, check),
    table,
    column: check.kind === 'unique' ? check.columns.join(',') : check.kind === 'reconciliation' ? null : check.column,
    kind: check.kind,
    severity: check.severity ?? 'error',
  } as const;
}

/**
 * How many rows of `frames[table]` break `check`, and (when some do) up to `exampleLimit` of them. A unique check
 * looks across every row it is given; the others one row at a time, so their counts over parts of a table add up.
 */
export async function countFailures(table: string, check: RowCheck, frames: TableFrames, exampleLimit = MAX_EXAMPLES): Promise<CheckCount> {
  const frame = frames[table];
  // Counted first, without copying rows; the offending rows are selected only when there are some, for examples.
  let failingRows: number;
  let offending: () => pl.DataFrame;
  let what: string;
  switch (check.kind) {
    case 'unique': {
      const key = check.columns.length === 1 ? pl.col(check.columns[0]) : pl.struct(check.columns.map((c) => pl.col(c)));
      const duplicated = key.isDuplicated();
      failingRows = check.columns.length === 1 ? await duplicatedRows(frame, check.columns[0]) : await countWhere(frame, duplicated);
      offending = () => frame.filter(duplicated);
      what = `rows share a ${check.columns.join(', ')} value with another row`;
      break;
    }
    case 'not_null':
      failingRows = frame.getColumn(check.column).nullCount();
      offending = () => frame.filter(pl.col(check.column).isNull());
      what = `rows have a null ${check.column}`;
      break;
    case 'relationships': {
      // An anti join keeps a row without a match however often its value repeats in the parent: no need for unique().
      const parent = frames[check.to.table].lazy().select(pl.col(check.to.column).alias(check.column));
      const orphans = (rows: pl.LazyDataFrame) => rows.filter(pl.col(check.column).isNotNull()).join(parent, { on: check.column, how: 'anti' });
      failingRows = await countRows(orphans(frame.lazy().select(check.column)));
      offending = () => orphans(frame.lazy()).collectSync();
      what = `rows have a ${check.column} missing from ${check.to.table}.${check.to.column}`;
      break;
    }
    case 'accepted_values': {
      const outside = pl.col(check.column).isNotNull().and(pl.col(check.column).isIn(check.values).not());
      failingRows = await countWhere(frame, outside);
      offending = () => frame.filter(outside);
      what = `rows have a ${check.column} outside [${check.values.join(', ')}]`;
      break;
    }
    case 'range': {
      const column = pl.col(check.column);
      const below = check.min === undefined ? pl.lit(false) : check.exclusive ? column.ltEq(check.min) : column.lt(check.min);
      const above = check.max === undefined ? pl.lit(false) : check.exclusive ? column.gtEq(check.max) : column.gt(check.max);
      const outOfRange = column.isNotNull().and(below.or(above));
      failingRows = await countWhere(frame, outOfRange);
      offending = () => frame.filter(outOfRange);
      what = `rows have a ${check.column} out of range`;
      break;
    }
  }
  const examples = failingRows > 0 && exampleLimit > 0 ? exampleRows(offending(), exampleLimit) : [];
  return { failingRows, rows: frame.height, examples, what };
}

/**
 * How many rows share their value of `column` with another row (nulls count as one value, as isDuplicated counts
 * them), by sorting the column and comparing neighbours: over songplays' 42M ids (a 50M-event run) isDuplicated
 * took ~8 s and 1.6 GB more than the column, its hash table holding every row's index; the sort ~1 s and no more.
 */
async function duplicatedRows(frame: pl.DataFrame, column: string): Promise<number> {
  const key = pl.col(column);
  const counted = await frame
    .lazy()
    .select(key.dropNulls().sort())
    .select(key.eq(key.shift(1)).or(key.eq(key.shift(-1))).fillNull(false).sum().alias('rows'))
    .collect();
  const nulls = frame.getColumn(column).nullCount();
  return Number(counted.getColumn('rows').get(0) ?? 0) + (nulls > 1 ? nulls : 0);
}

/** How many rows of `frame` the predicate holds for. */
async function countWhere(frame: pl.DataFrame, predicate: pl.Expr): Promise<number> {
  return countRows(frame.lazy().filter(predicate));
}

async function countRows(rows: pl.LazyDataFrame): Promise<number> {
  const counted = await rows.select(pl.len().alias('rows')).collect();
  return Number(counted.getColumn('rows').get(0) ?? 0);
}
