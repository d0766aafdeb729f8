import { checksOf } from '../catalog/checks';
import { TABLES } from '../catalog/tables';
import type { TableDef } from '../catalog/types';
import type { CheckResult } from './check-result';
import { evaluateCheck, type TableFrames } from './evaluate-check';
import type { ReconciliationCounts } from './run-manifest';

/** Every catalog check of every table, in catalog order. */
export function runChecks(frames: TableFrames, counts: ReconciliationCounts): CheckResult[] {
  return TABLES.flatMap((table) => checksOf(table).map((check) => evaluateCheck(table.name, check, frames, counts)));
}

/** The checks of one table; `frames` needs that table and the parents its relationships point at. */
export function runTableChecks(table: TableDef, frames: TableFrames, counts: ReconciliationCounts): CheckResult[] {
  return checksOf(table).map((check) => evaluateCheck(table.name, check, frames, counts));
}
