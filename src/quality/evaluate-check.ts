import pl from 'nodejs-polars';
import type { CheckDef } from '../catalog/types';
import { checkName, exampleRows, type CheckResult } from './check-result';

/** The tables of one lake (or one run), read as frames, by name. */
export type TableFrames = Record<string, pl.DataFrame>;

/** The counts reconciliation checks compare tables against (a run manifest's: src/lake-log/run-manifest.ts). */
export interface ReconciliationCounts {
  play_events?: { expected: number; explain: string };
  /** Why there is nothing to reconcile against (e.g. another writer changed the table since the run). */
  skippedBecause?: string;
}

/**
 * Evaluates one check of `table` with Polars: selects the offending rows, counts them and keeps a few.
 * Nulls are the business of not_null checks only: relationships, accepted values and ranges skip them.
 * Counted by a lazy query on Polars' threads, so that checks evaluated at once share both cores (run-checks.ts).
 */
export async function evaluateCheck(table: string, check: CheckDef, frames: TableFrames, counts: ReconciliationCounts): Promise<CheckResult> {
  const frame = frames[table];
  const base = {
    name: checkName(table, check),
    table,
    column: check.kind === 'unique' ? check.columns.join(',') : check.kind === 'reconciliation' ? null : check.column,
    kind: check.kind,
    severity: check.severity ?? 'error',
  } as const;

  if (check.kind === 'reconciliation') {
    const count = counts[check.against];
    if (!count) {
      const why = counts.skippedBecause ?? `no ${check.against} count recorded for this run (no run manifest, or the engine did not report it)`;
      return { ...base, status: 'skipped', failingRows: 0, examples: [], detail: why };
    }
    const difference = frame.height - count.expected;
    return {
      ...base,
      status: difference === 0 ? 'pass' : 'fail',
      failingRows: Math.abs(difference),
      examples: [],
      detail: `${frame.height} rows, expected ${count.expected} = ${count.explain}${difference === 0 ? '' : ` (${difference > 0 ? '+' : ''}${difference})`}`,
    };
  }

  // Counted first, without copying rows; the offending rows are selected only when there are some, for examples.
  let failingRows: number;
  let offending: () => pl.DataFrame;
  let what: string;
  switch (check.kind) {
    case 'unique': {
      const key = check.columns.length === 1 ? pl.col(check.columns[0]) : pl.struct(check.columns.map((c) => pl.col(c)));
      const duplicated = key.isDuplicated();
      failingRows = await countWhere(frame, duplicated);
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
      const parent = frames[check.to.table].lazy().select(pl.col(check.to.column).alias(check.column)).unique();
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
  return {
    ...base,
    status: failingRows === 0 ? 'pass' : 'fail',
    failingRows,
    examples: failingRows === 0 ? [] : exampleRows(offending()),
    detail: failingRows === 0 ? `${frame.height} rows checked` : `${failingRows} of ${frame.height} ${what}`,
  };
}

/** How many rows of `frame` the predicate holds for. */
async function countWhere(frame: pl.DataFrame, predicate: pl.Expr): Promise<number> {
  return countRows(frame.lazy().filter(predicate));
}

async function countRows(rows: pl.LazyDataFrame): Promise<number> {
  const counted = await rows.select(pl.len().alias('rows')).collect();
  return Number(counted.getColumn('rows').get(0) ?? 0);
}
