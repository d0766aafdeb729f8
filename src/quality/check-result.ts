import pl from 'nodejs-polars';
import type { CheckDef } from '../catalog/types';

/** The outcome of one check on one table. */
export interface CheckResult {
  /** Stable, readable id: `<table>.<column> <kind> [<argument>]`, e.g. `songplays.user_id relationships users.user_id`. */
  name: string;
  table: string;
  /** The column(s) checked, comma-separated; null for table-level checks (reconciliation). */
  column: string | null;
  /** A catalog check's kind, or 'guard' for a guard against publishing a worse lake (src/catalog/guards.ts). */
  kind: CheckDef['kind'] | 'guard';
  severity: 'error' | 'warn';
  /** skipped: the check could not run (e.g. no run manifest to reconcile against); it blocks nothing. */
  status: 'pass' | 'fail' | 'skipped';
  /** Rows that break the check (for reconciliation: the absolute difference of the counts). */
  failingRows: number;
  /** A few offending rows, JSON-safe, to show what is wrong. */
  examples: Record<string, unknown>[];
  /** One line on what was found. */
  detail: string;
}

export const MAX_EXAMPLES = 5;

export function checkName(table: string, check: CheckDef): string {
  switch (check.kind) {
    case 'unique':
      return `${table}.${check.columns.join(',')} unique`;
    case 'not_null':
      return `${table}.${check.column} not_null`;
    case 'relationships':
      return `${table}.${check.column} relationships ${check.to.table}.${check.to.column}`;
    case 'accepted_values':
      return `${table}.${check.column} accepted_values [${check.values.join(', ')}]`;
    case 'range':
      return `${table}.${check.column} range ${rangeText(check)}`;
    case 'reconciliation':
      return `${table} reconciliation ${check.against}`;
  }
}

export function rangeText(check: { min?: number; max?: number; exclusive?: boolean }): string {
  const [lo, hi] = check.exclusive ? ['(', ')'] : ['[', ']'];
  return `${check.min === undefined ? '(-inf' : lo + check.min}, ${check.max === undefined ? 'inf)' : check.max + hi}`;
}

/** Blocking failures: what stops a run from publishing and makes `sparkify check` exit non-zero. */
export function blockingFailures(results: CheckResult[]): CheckResult[] {
  return results.filter((r) => r.status === 'fail' && r.severity === 'error');
}

/**
 * The first rows of a frame as plain JSON: 64-bit integers as numbers, or as text beyond 2^53 (toRecords would
 * round a 62-bit songplay_id), timestamps as ISO text.
 */
export function exampleRows(frame: pl.DataFrame, limit = MAX_EXAMPLES): Record<string, unknown>[] {
  const head = frame.head(limit);
  const wide = head.columns.filter((c) => ['Int64', 'UInt64'].includes(String(head.getColumn(c).dtype.variant)));
  const exact = head.withColumns(...wide.map((c) => pl.col(c).cast(pl.Utf8)));
  return exact.toRecords().map((row) =>
    Object.fromEntries(
      Object.entries(row as Record<string, unknown>).map(([k, v]) => [
        k,
        wide.includes(k) && typeof v === 'string' && Number.isSafeInteger(Number(v)) ? Number(v) : v instanceof Date ? v.toISOString() : v,
      ]),
    ),
  );
}
