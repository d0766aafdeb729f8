import type pl from 'nodejs-polars';
import { TABLES } from '../catalog/tables';
import { collectGarbage } from '../core/collect-garbage';
import type { CheckResult } from '../quality/check-result';
import { checkedColumns, parentKeyColumns, parentsFirst } from '../quality/checked-columns';
import type { ReconciliationCounts } from '../quality/evaluate-check';
import { runChecks, runTableChecks } from '../quality/run-checks';
import { readTables } from './read-table';
import type { TableFormat, TableRef } from './table-format';
import { checkInParts, PART_ROWS } from './check-in-parts';

/** Tables up to this many rows are read once for all their checks; larger ones in parts (check-in-parts.ts). */
const ONE_READ_MAX_ROWS = 2_000_000;
/**
 * Rows of tables that are read again whole, every column, when a check failed, for examples that show whole rows;
 * larger tables' examples show the columns the checks read (songplays of 50M events whole: ~10 GB).
 */
const WHOLE_EXAMPLES_MAX_ROWS = 4_000_000;
/** After checking a table of at least this many rows, its frames' memory is collected before the next table. */
const COLLECT_AFTER_ROWS = 1_000_000;

/** Where tables are read: stored files (which can be listed), or frames an engine still holds. */
export interface StoredTables extends Pick<TableFormat, 'readTable'> {
  /** The files of a table, to read in parts; absent when the tables are frames in memory (read at once, then). */
  listFiles?: TableFormat['listFiles'];
}

/** How a table's checks read it (the defaults but in tests). */
export interface BoundedReads {
  oneReadMaxRows?: number;
  partRows?: number;
  wholeExamplesMaxRows?: number;
}

/**
 * Every catalog check of a run's or a lake's tables (in catalog order), in memory bounded by a part of a table,
 * not by the tables' size: a large run's tables need not fit in memory whole (the gate, `sparkify check`).
 * - One table at a time, with only the columns its checks read.
 * - Parents first, each read once (songs' thousands of partition files cost a second a read); a parent keeps only
 *   the key columns its children's relationship checks look up.
 * - A table of many rows is read in parts of its files, each part once with all its checked columns
 *   (check-in-parts.ts): songplays' nine checked columns at once took a 10M-event run past 4 GB, and reading them
 *   one check at a time read the table nine times.
 * The outcome is that of checking whole tables. When a check fails, tables of up to ~4M rows in all are checked
 * again whole, so that its examples show whole rows; larger ones' examples show the columns the checks read.
 */
export async function checkStoredTables(
  format: StoredTables,
  refs: Record<string, TableRef>,
  rows: Record<string, number>,
  counts: ReconciliationCounts,
  { oneReadMaxRows = ONE_READ_MAX_ROWS, partRows = PART_ROWS, wholeExamplesMaxRows = WHOLE_EXAMPLES_MAX_ROWS }: BoundedReads = {},
): Promise<CheckResult[]> {
  const results = await checkBounded(format, refs, rows, counts, oneReadMaxRows, partRows);
  // A failure's examples with every column, from the tables read whole, when they fit in memory whole.
  const total = Object.values(rows).reduce((n, r) => n + r, 0);
  if (results.some((r) => r.status === 'fail') && total <= wholeExamplesMaxRows) return runChecks(await readTables(format, refs), counts);
  return results;
}

async function checkBounded(
  format: StoredTables,
  refs: Record<string, TableRef>,
  rows: Record<string, number>,
  counts: ReconciliationCounts,
  oneReadMaxRows: number,
  partRows: number,
): Promise<CheckResult[]> {
  const readColumns = checkedColumns();
  const parentKeys = parentKeyColumns();
  const kept: Record<string, pl.DataFrame> = {};
  const results = new Map<string, CheckResult[]>();
  for (const table of parentsFirst()) {
    const ref = refs[table.name];
    const tableRows = rows[table.name] ?? 0;
    if (tableRows <= oneReadMaxRows || !format.listFiles) {
      const frame = await format.readTable(ref, readColumns[table.name]);
      results.set(table.name, await runTableChecks(table, { ...kept, [table.name]: frame }, counts));
      if (parentKeys[table.name]) kept[table.name] = frame.select(...parentKeys[table.name]);
    } else {
      const files = await format.listFiles(ref);
      const checked = await checkInParts(format, table, ref, files, kept, counts, tableRows, partRows);
      results.set(table.name, checked.results);
      if (checked.parentKeys) kept[table.name] = checked.parentKeys;
    }
    // The frames' native memory goes only when V8 collects their wrappers, which it does not hurry; a full
    // collection costs ~25 ms, worth it after a large table only.
    if (tableRows >= COLLECT_AFTER_ROWS) await collectGarbage();
  }
  return TABLES.flatMap((t) => results.get(t.name)!);
}
