import * as fs from 'node:fs';
import * as path from 'node:path';
import pl from 'nodejs-polars';
import { tableByName } from '../catalog/tables';
import { polarsColumnType } from '../core/polars-types';
import { parsePartitionPath } from '../core/hive-partitions';
import { collectGarbage } from '../core/collect-garbage';

/**
 * Reads a table's Parquet files (paths relative to `tableDir`, a local folder) with its partition columns
 * restored from the folder names and every column cast to its catalog type, in catalog column order.
 * `only` reads just those columns (still in catalog order): the quality gate needs a few of a large table's.
 */
export function readParquetTable(tableDir: string, files: string[], tableName: string, only?: string[], filesPerBatch = FILES_PER_BATCH): pl.DataFrame {
  const table = tableByName(tableName);
  const wanted = table.columns.filter((c) => !only || only.includes(c.name));
  const columns = wanted.map((c) => pl.col(c.name).cast(polarsColumnType(c.type)));
  const empty = () => pl.DataFrame(wanted.map((c) => pl.Series(c.name, [], polarsColumnType(c.type))));
  // At least one stored column, even when only partition columns are wanted: a file's row count comes from it.
  const storedColumns = table.columns.filter((c) => !table.partitionBy.includes(c.name)).map((c) => c.name);
  const stored = storedColumns.filter((c) => wanted.some((w) => w.name === c));
  if (stored.length === 0) stored.push(storedColumns[0]);
  if (files.length === 0) return empty();
  const partitionColumns = table.partitionBy.filter((column) => wanted.some((c) => c.name === column));
  // Read a bounded number of files at a time, each batch copied into one frame: a file's frame costs ~17 KB of
  // native memory whatever its rows, and songs' 33,843 one-row files at 10M events held ~570 MB until the end.
  const batches: pl.DataFrame[] = [];
  const timestamps = table.columns.filter((c) => c.type === 'timestamp' && stored.includes(c.name)).map((c) => c.name);
  for (let start = 0; start < files.length; start += filesPerBatch) {
    const batch = readBatch(tableDir, files.slice(start, start + filesPerBatch), only ? stored : undefined, partitionColumns, timestamps);
    if (batch) batches.push(batch.select(...columns));
    // The batch's file frames are garbage now; their native memory goes only when V8 collects their wrappers
    // (this read cannot wait for the finalizers, which run at the caller's next await).
    if (files.length > filesPerBatch) void collectGarbage();
  }
  if (batches.length === 0) return empty();
  return batches.length === 1 ? batches[0] : pl.concat(batches, { how: 'vertical', rechunk: false });
}

/**
 * A file's timestamps as the kit and Delta store them, UTC microseconds: other writers' files may hold another unit
 * (Spark writes INT96 by default, read as naive nanoseconds), and frames of two units do not concatenate.
 */
function asUtcMicros(frame: pl.DataFrame, timestamps: string[]): pl.DataFrame {
  const other = timestamps.filter((c) => frame.columns.includes(c) && String(frame.schema[c]) !== String(UTC_MICROS));
  return other.length === 0 ? frame : frame.withColumns(...other.map((c) => pl.col(c).cast(UTC_MICROS)));
}

const UTC_MICROS = pl.Datetime('us', 'UTC');

/** Files read at a time. */
const FILES_PER_BATCH = 1000;
/** Files under this size are read without Polars' thread pool. */
const SMALL_FILE_BYTES = 1024 * 1024;
/** Files of at most this many rows on average are copied together after a batch is read. */
const SMALL_FILE_ROWS = 1024;

/** Some of a table's files as one compact frame, partition columns (as strings) from the folder names; null when they hold no rows. */
function readBatch(tableDir: string, files: string[], columns: string[] | undefined, partitionColumns: string[], timestamps: string[]): pl.DataFrame | null {
  // Partition values come from folder names: one value per file, repeated by the file's row count in Polars.
  // Per-file withColumn and eager concat cost milliseconds per frame (minutes for thousands of files), and
  // pushing one JS value per row costs seconds for a million rows.
  const read = files.map((rel) => {
    const file = path.join(tableDir, rel);
    // A small file is read on this thread alone: Polars' default spreads even a one-row file over its thread pool,
    // and songs' thousands of such files took ~2.5 times as long that way.
    const small = fs.statSync(file).size < SMALL_FILE_BYTES;
    const frame = pl.readParquet(file, { ...(columns ? { columns } : {}), ...(small ? { parallel: 'none', rechunk: false } : {}) });
    return { rel, frame: asUtcMicros(frame, timestamps) };
  });
  // An empty file adds no rows (and would explode to one null row below).
  const used = read.filter((r) => r.frame.height > 0);
  if (used.length === 0) return null;
  const data = pl.concat(used.map((r) => r.frame.lazy()), { how: 'vertical', rechunk: false }).collectSync();
  const heights = pl.Series('_rows', used.map((r) => r.frame.height), pl.Int64);
  const partitions = partitionColumns.map((column) => {
    const perFile = used.map((r) => parsePartitionPath(path.posix.dirname(r.rel))[column] ?? null);
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
