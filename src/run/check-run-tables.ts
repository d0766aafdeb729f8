import type pl from 'nodejs-polars';
import { checksOf } from '../catalog/checks';
import { TABLES } from '../catalog/tables';
import { collectGarbage } from '../core/collect-garbage';
import type { WrittenTable } from '../core/run-contract';
import type { CheckResult } from '../quality/check-result';
import { checkedColumns, columnsOfCheck, parentKeyColumns, parentsFirst } from '../quality/checked-columns';
import { evaluateCheck, type ReconciliationCounts } from '../quality/evaluate-check';
import { runTableChecks } from '../quality/run-checks';
import type { TableFormat, TableRef } from '../table-format/table-format';

/** Tables up to this many rows are read once for all their checks; larger ones one check at a time. */
const ONE_READ_MAX_ROWS = 2_000_000;
/** After checking a table of at least this many rows, its frames' memory is collected before the next table. */
const COLLECT_AFTER_ROWS = 1_000_000;

/**
 * Every catalog check of a run's tables (in catalog order), in memory bounded by one check's columns, not by the
 * run: a large run's tables need not fit in memory whole.
 * - One table at a time, with only the columns its checks read.
 * - Parents first, each read once (songs' thousands of partition files cost a second a read); a parent keeps only
 *   the key columns its children's relationship checks look up.
 * - A table of many rows is read one check at a time, with only that check's columns: songplays' nine checked
 *   columns at once took a 10M-event run past 4 GB.
 * The outcome is that of checking whole tables; only a failing check's example rows lack the other columns (the
 * gate then checks whole tables again).
 */
export async function checkRunTables(
  format: Pick<TableFormat, 'readTable'>,
  refs: Record<string, TableRef>,
  written: WrittenTable[],
  counts: ReconciliationCounts,
  oneReadMaxRows = ONE_READ_MAX_ROWS,
): Promise<CheckResult[]> {
  const readColumns = checkedColumns();
  const parentKeys = parentKeyColumns();
  const kept: Record<string, pl.DataFrame> = {};
  const results = new Map<string, CheckResult[]>();
  for (const table of parentsFirst()) {
    const ref = refs[table.name];
    const rows = written.find((t) => t.table === table.name)?.rows ?? 0;
    if (rows <= oneReadMaxRows) {
      const frame = await format.readTable(ref, readColumns[table.name]);
      results.set(table.name, await runTableChecks(table, { ...kept, [table.name]: frame }, counts));
      if (parentKeys[table.name]) kept[table.name] = frame.select(...parentKeys[table.name]);
    } else {
      const checks: CheckResult[] = [];
      for (const check of checksOf(table)) {
        const frame = await format.readTable(ref, columnsOfCheck(check));
        checks.push(await evaluateCheck(table.name, check, { ...kept, [table.name]: frame }, counts));
        await collectGarbage();
      }
      results.set(table.name, checks);
      if (parentKeys[table.name]) kept[table.name] = await format.readTable(ref, parentKeys[table.name]);
    }
    // The frames' native memory goes only when V8 collects their wrappers, which it does not hurry; a full
    // collection costs ~25 ms, worth it after a large table only.
    if (rows >= COLLECT_AFTER_ROWS) await collectGarbage();
  }
  return TABLES.flatMap((t) => results.get(t.name)!);
}
