import * as fs from 'node:fs';
import * as path from 'node:path';
import pl from 'nodejs-polars';
import { tableByName } from '../catalog/tables';
import type { ColumnDef } from '../catalog/types';
import { parsePartitionPath } from '../core/hive-partitions';
import { collectGarbage } from '../core/collect-garbage';
import type { DataFile } from '../core/run-contract';
import { polarsColumnType } from '../parquet/polars-types';

/** A data file as the reader takes it: its path relative to the table's folder and, when a Delta log names them, its partition values. */
export type TableFile = Pick<DataFile, 'path' | 'partitionValues'>;

/**
 * The one reader of a table's rows (behind TableFormat.readTable): the table's Parquet files (paths relative to
 * `tableDir`, a local folder) with its partition columns restored and every column cast to its catalog type
 * (parquet/polars-types.ts: timestamps UTC microseconds), in catalog column order. Partition values come from each
 * file's `partitionValues` when the log records them (the log is the truth; other writers name folders differently),
 * else from its Hive folder names (a run's files before they are committed).
 * `only` reads just those columns (still in catalog order): the quality gate needs a few of a large table's.
 */
export function readParquetTable(tableDir: string, files: TableFile[], tableName: string, only?: string[], filesPerBatch = FILES_PER_BATCH): pl.DataFrame {
  const table = tableByName(tableName);
  const wanted = table.columns.filter((c) => !only || only.includes(c.name));
  const columns = wanted.map((c) => pl.col(c.name).cast(polarsColumnType(c.type)));
  const empty = () => pl.DataFrame(wanted.map((c) => pl.Series(c.name, [], polarsColumnType(c.type))));
  if (files.length === 0) return empty();
  // At least one stored column, even when only partition columns are wanted: a file's row count comes from it.
  const partitioning = partitioningOf(files, table.partitionBy);
  const storedColumns = table.columns.filter((c) => !partitioning.includes(c.name));
  const stored = storedColumns.filter((c) => wanted.some((w) => w.name === c.name));
  if (stored.length === 0) stored.push(storedColumns[0]);
  const partitionColumns = partitioning.filter((column) => wanted.some((c) => c.name === column));
  // Read a bounded number of files at a time, each batch copied into one frame: a file's frame costs ~17 KB of
  // native memory whatever its rows, and songs' 33,843 one-row files at 10M events held ~570 MB until the end.
  const batches: pl.DataFrame[] = [];
  for (let start = 0; start < files.length; start += filesPerBatch) {
    const batch = readBatch(tableDir, files.slice(start, start + filesPerBatch), stored, only !== undefined, partitionColumns);
    if (batch) batches.push(batch.select(...columns));
    // The batch's file frames are garbage now; their native memory goes only when V8 collects their wrappers
    // (this read cannot wait for the finalizers, which run at the caller's next await).
    if (files.length > filesPerBatch) void collectGarbage();
  }
  if (batches.length === 0) return empty();
  return batches.length === 1 ? batches[0] : pl.concat(batches, { how: 'vertical', rechunk: false });
}

/**
 * The partition columns the files were written with: the keys of their logged `partitionValues` (one table version
 * has one partitioning), else of their Hive folder names, else the catalog's. A lake laid out otherwise than the
 * catalog declares today (songs a folder per artist, SPARKIFY_LAYOUT) then still reads whole: artist_id from the
 * folder, not a missing column.
 */
export function partitioningOf(files: TableFile[], declared: string[]): string[] {
  if (files.length === 0) return declared;
  const logged = files[0].partitionValues;
  if (logged) return Object.keys(logged);
  const folders = Object.keys(parsePartitionPath(path.posix.dirname(files[0].path)));
  return folders.length > 0 ? folders : declared;
}

/** Files read at a time. */
const FILES_PER_BATCH = 1000;
/** Files under this size are read without Polars' thread pool. */
const SMALL_FILE_BYTES = 1024 * 1024;
/** Files of at most this many rows on average are copied together after a batch is read. */
const SMALL_FILE_ROWS = 1024;

/** One file's rows: only `columns` when given (all of the file's when it lacks one of them: a column added later reads null). */
function readFile(file: string, columns: string[] | undefined): pl.DataFrame {
  // A small file is read on this thread alone: Polars' default spreads even a one-row file over its thread pool,
  // and songs' thousands of such files took ~2.5 times as long that way.
  const options = fs.statSync(file).size < SMALL_FILE_BYTES ? { parallel: 'none' as const, rechunk: false } : {};
  if (columns) {
    try {
      return pl.readParquet(file, { ...options, columns });
    } catch {
      // Read whole below: a file that fails for another reason fails there again, with its own error.
    }
  }
  return pl.readParquet(file, options);
}

/** Some of a table's files as one compact frame, its stored columns in catalog types, partition columns as text; null when they hold no rows. */
function readBatch(tableDir: string, files: TableFile[], stored: ColumnDef[], onlyStored: boolean, partitionColumns: string[]): pl.DataFrame | null {
  const read = files.map((file) => ({ file, frame: readFile(path.join(tableDir, file.path), onlyStored ? stored.map((c) => c.name) : undefined) }));
  // An empty file adds no rows (and would explode to one null row below).
  const nonEmpty = read.filter((r) => r.frame.height > 0);
  if (nonEmpty.length === 0) return null;

  // Files from different writers may differ (column order, millisecond or INT96 timestamps, a column added later, extra
  // columns): files with the same columns and types are concatenated as they are, then each such group is cast once.
  // A cast per file costs ~6 ms a file in Polars, seconds for a thousand files; a concat of like files costs almost nothing.
  const groups = new Map<string, typeof nonEmpty>();
  for (const r of nonEmpty) {
    const signature = r.frame.columns.map((c, i) => `${c}:${String(r.frame.dtypes[i])}`).join(',');
    const group = groups.get(signature);
    if (group) group.push(r);
    else groups.set(signature, [r]);
  }
  // Rows follow the groups' order; the partition values below are repeated in the same order.
  const used = [...groups.values()].flat();
  const data = pl
    .concat(
      [...groups.values()].map((group) => {
        const columns = group[0].frame.columns;
        return pl
          .concat(group.map((r) => r.frame.lazy()), { how: 'vertical', rechunk: false })
          .select(...stored.map((c) => (columns.includes(c.name) ? pl.col(c.name) : pl.lit(null)).cast(polarsColumnType(c.type)).alias(c.name)));
      }),
      { how: 'vertical', rechunk: false },
    )
    .collectSync();

  // Partition values: one per file, repeated by the file's row count inside Polars. Per-file withColumn and eager
  // concat cost milliseconds per frame (minutes for thousands of files), and pushing one JS value per row costs
  // seconds for a million rows.
  const heights = pl.Series('_rows', used.map((r) => r.frame.height), pl.Int64);
  const partitions = partitionColumns.map((column) => {
    const perFile = used.map(({ file }) => (file.partitionValues ? file.partitionValues[column] : parsePartitionPath(path.posix.dirname(file.path))[column]) ?? null);
    return pl
      .DataFrame([pl.Series(column, perFile, pl.Utf8), heights])
      .select(pl.col(column).repeatBy('_rows'))
      .explode(column)
      .getColumn(column);
  });
  const batch = partitions.length > 0 ? data.hstack(pl.DataFrame(partitions)) : data;
  // Small files' rows copied into one frame, so that their frames (and native memory) can go; large files' chunks
  // are kept as they are (copying them would hold the table twice).
  return batch.height <= used.length * SMALL_FILE_ROWS ? batch.rechunk() : batch;
}
