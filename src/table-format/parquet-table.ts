import * as path from 'node:path';
import pl from 'nodejs-polars';
import { tableByName } from '../catalog/tables';
import { polarsColumnType } from '../core/polars-types';
import { parsePartitionPath } from '../core/hive-partitions';

/**
 * Reads a table's Parquet files (paths relative to `tableDir`, a local folder) with its partition columns
 * restored from the folder names and every column cast to its catalog type, in catalog column order.
 * `only` reads just those columns (still in catalog order): the quality gate needs a few of a large table's.
 */
export function readParquetTable(tableDir: string, files: string[], tableName: string, only?: string[]): pl.DataFrame {
  const table = tableByName(tableName);
  const wanted = table.columns.filter((c) => !only || only.includes(c.name));
  const columns = wanted.map((c) => pl.col(c.name).cast(polarsColumnType(c.type)));
  const empty = () => pl.DataFrame(wanted.map((c) => pl.Series(c.name, [], polarsColumnType(c.type))));
  // At least one stored column, even when only partition columns are wanted: a file's row count comes from it.
  const storedColumns = table.columns.filter((c) => !table.partitionBy.includes(c.name)).map((c) => c.name);
  const stored = storedColumns.filter((c) => wanted.some((w) => w.name === c));
  if (stored.length === 0) stored.push(storedColumns[0]);
  if (files.length === 0) return empty();
  // Partition values come from folder names: one value per file, repeated by the file's row count in Polars.
  // Per-file withColumn and eager concat cost milliseconds per frame (minutes for thousands of files), and
  // pushing one JS value per row costs seconds for a million rows.
  const read = files.map((rel) => ({ rel, frame: pl.readParquet(path.join(tableDir, rel), only ? { columns: stored } : undefined) }));
  // An empty file adds no rows (and would explode to one null row below).
  const used = read.filter((r) => r.frame.height > 0);
  if (used.length === 0) return empty();
  // Not rechunked: the files' frames become chunks of one, rather than copied into it (both at once, else).
  const data = pl.concat(used.map((r) => r.frame.lazy()), { how: 'vertical', rechunk: false }).collectSync();
  const heights = pl.Series('_rows', used.map((r) => r.frame.height), pl.Int64);
  const partitions = table.partitionBy.filter((column) => wanted.some((c) => c.name === column)).map((column) => {
    const perFile = used.map((r) => parsePartitionPath(path.posix.dirname(r.rel))[column] ?? null);
    return pl
      .DataFrame([pl.Series(column, perFile, pl.Utf8), heights])
      .select(pl.col(column).repeatBy('_rows'))
      .explode(column)
      .getColumn(column);
  });
  return (partitions.length > 0 ? data.hstack(pl.DataFrame(partitions)) : data).select(...columns);
}
