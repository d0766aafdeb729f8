import pl from 'nodejs-polars';
import { checksOf } from '../catalog/checks';
import type { TableDef } from '../catalog/types';
import { collectGarbage } from '../core/collect-garbage';
import type { DataFile } from '../core/run-contract';
import { rowsOf } from '../lake-log/play-days';
import { MAX_EXAMPLES, type CheckResult } from '../quality/check-result';
import { columnsOfCheck, parentKeyColumns } from '../quality/checked-columns';
import { checkResult, countFailures, reconcile, type CheckCount, type ReconciliationCounts, type RowCheck, type TableFrames } from '../quality/evaluate-check';
import type { TableFormat, TableRef } from './table-format';

/**
 * Rows read at once when a table is checked in parts: songplays' checked columns take ~100 bytes a row, so a part
 * holds ~200 MB whatever the table's size.
 */
export const PART_ROWS = 2_000_000;

/** A large table's check results, and the columns its children's relationship checks look up (its keys, as a parent). */
export interface CheckedInParts {
  results: CheckResult[];
  parentKeys?: pl.DataFrame;
}

/**
 * The checks of a table too large to hold whole, over parts of its files (about `partRows` rows each, by the
 * row counts of the files' statistics), each part read once with every column the checks look at:
 * - a row check or a relationship (against the parents' keys, held by the caller) is counted part by part, and the
 *   counts add up: a row breaks it or not whatever the other rows hold;
 * - a unique check looks across every row: the parts' key columns are kept (songplays: 8 bytes a row) and
 *   checked once all are read;
 * - the reconciliation compares the rows counted.
 * Memory is then one part plus the keys, not the table (a 50M-event run's gate read songplays' 42M rows one
 * check at a time, each check's column whole). Results come in catalog order.
 */
export async function checkInParts(
  format: Pick<TableFormat, 'readTable'>,
  table: TableDef,
  ref: TableRef,
  files: DataFile[],
  parents: TableFrames,
  counts: ReconciliationCounts,
  tableRows: number,
  partRows = PART_ROWS,
): Promise<CheckedInParts> {
  const checks = checksOf(table);
  const partwise = checks.filter((c): c is Exclude<RowCheck, { kind: 'unique' }> => c.kind !== 'unique' && c.kind !== 'reconciliation');
  const kept = [...new Set([...checks.flatMap((c) => (c.kind === 'unique' ? c.columns : [])), ...(parentKeyColumns()[table.name] ?? [])])];
  const read = [...new Set([...kept, ...partwise.flatMap(columnsOfCheck)])];
  const sums = new Map<RowCheck, CheckCount>();
  const keptParts: pl.DataFrame[] = [];
  let rows = 0;
  for (const part of partsOf(files, partRows, tableRows)) {
    const frame = await format.readTable({ ...ref, files: part }, read);
    rows += frame.height;
    const frames = { ...parents, [table.name]: frame };
    // Examples come from the first parts with failures, up to the usual few.
    const partCounts = await Promise.all(partwise.map((check) => countFailures(table.name, check, frames, MAX_EXAMPLES - (sums.get(check)?.examples.length ?? 0))));
    partwise.forEach((check, i) => sums.set(check, addCounts(sums.get(check), partCounts[i])));
    if (kept.length > 0) keptParts.push(frame.select(...kept));
    // The part's native memory goes only when V8 collects its wrapper (collect-garbage.ts).
    await collectGarbage();
  }
  const keys = keptParts.length > 0 ? pl.concat(keptParts, { how: 'vertical', rechunk: true }) : undefined;
  keptParts.length = 0;
  const results: CheckResult[] = [];
  for (const check of checks) {
    if (check.kind === 'reconciliation') results.push(reconcile(table.name, check, rows, counts));
    else if (check.kind === 'unique') results.push(checkResult(table.name, check, await countFailures(table.name, check, { [table.name]: keys! })));
    else results.push(checkResult(table.name, check, sums.get(check) ?? { failingRows: 0, rows: 0, examples: [], what: '' }));
  }
  const parentColumns = parentKeyColumns()[table.name];
  return { results, parentKeys: parentColumns && keys ? keys.select(...parentColumns) : undefined };
}

function addCounts(sum: CheckCount | undefined, part: CheckCount): CheckCount {
  if (!sum) return part;
  return { failingRows: sum.failingRows + part.failingRows, rows: sum.rows + part.rows, examples: [...sum.examples, ...part.examples], what: part.what };
}

/**
 * The files in consecutive groups of about `partRows` rows (a file larger than that is a group of its own), by the
 * row counts of their statistics; a file without them counts as many rows as its bytes would at the others' rate
 * (at the table's, `tableRows` over all the files' bytes, when none has them).
 */
export function partsOf(files: DataFile[], partRows: number, tableRows: number): DataFile[][] {
  const known = files.filter((f) => rowsOf([f]) !== null);
  const [knownRows, knownBytes] = known.length > 0 ? [rowsOf(known)!, bytesOf(known)] : [tableRows, bytesOf(files)];
  const rowsPerByte = knownRows / Math.max(1, knownBytes);
  const parts: DataFile[][] = [];
  let part: DataFile[] = [];
  let partSize = 0;
  for (const file of files) {
    const fileRows = rowsOf([file]) ?? file.bytes * rowsPerByte;
    if (part.length > 0 && partSize + fileRows > partRows) {
      parts.push(part);
      part = [];
      partSize = 0;
    }
    part.push(file);
    partSize += fileRows;
  }
  if (part.length > 0 || parts.length === 0) parts.push(part);
  return parts;
}

const bytesOf = (files: DataFile[]) => files.reduce((n, f) => n + f.bytes, 0);
