import * as fs from 'node:fs';
import * as path from 'node:path';
import pl from 'nodejs-polars';
import type { ColumnType } from '../../catalog/types';
import type { DataFile } from '../../core/run-contract';
import { polarsColumnType } from '../../parquet/polars-types';
import { smallParquetFile, type SmallColumn } from '../../parquet/small-file-writer';
import { fixParquetFooter } from '../../parquet/strip-arrow-schema';

// The partition files' writer, on its own: the writer threads load only this (and Polars), not the storage layer
// and its AWS SDK, ~180 ms of module loading per thread.

/** One file to write: its partition folder (relative; '' when unpartitioned), its run of rows in storedOrder, and
 *  the Delta stats of those rows (computed for all runs at once, so the writers only pass them on). */
export interface PartitionRun {
  folder: string;
  start: number;
  rows: number;
  stats: string;
}

/** What one writer wrote: each file, relative to the table's folder. */
export interface WrittenShare {
  files: DataFile[];
}

/** Partition files of at most this many rows are written by parquet/small-file-writer.ts rather than by Polars. */
const SMALL_FILE_MAX_ROWS = 1000;

/**
 * Writes the given runs of `stored` (storedOrder's frame, stored columns only), one file each, one at a time: not
 * split into frames all at once (songs' 170,000 partitions at 50M events held gigabytes). A partitioned table of
 * small files (songs: a row or a few each) is written by parquet/small-file-writer.ts: songs' 3,442 files at 1M
 * events took ~2.4 s of CPU on one thread with Polars' writer and the footer rewrite, ~0.9 s so (most of it the
 * file system's).
 */
export function writePartitions(stored: pl.DataFrame, runs: PartitionRun[], dir: string, fileName: string): WrittenShare {
  const written: WrittenShare = { files: [] };
  const small = runs.every((run) => run.folder !== '' && run.rows <= SMALL_FILE_MAX_ROWS) ? smallColumns(stored) : null;
  for (const run of runs) {
    fs.mkdirSync(path.join(dir, run.folder), { recursive: true });
    const file = path.join(dir, run.folder, fileName);
    let bytes: number;
    if (small) {
      const contents = smallParquetFile(small, run.start, run.rows);
      fs.writeFileSync(file, contents);
      bytes = contents.length;
    } else {
      // To a file, not a Buffer: nodejs-polars' Buffer writer costs ~4x more a file.
      stored.slice(run.start, run.rows).writeParquet(file, { compression: 'snappy' });
      // Without Polars' ARROW:schema footer key, pyarrow reads strings as `string`, not `string_view` it cannot filter.
      fixParquetFooter(file);
      bytes = fs.statSync(file).size;
    }
    written.files.push({ path: path.posix.join(run.folder, fileName), bytes, stats: run.stats });
  }
  return written;
}

/** The stored columns' values as the small-file writer takes them: 64-bit integers and timestamps exactly, as bigints. */
function smallColumns(stored: pl.DataFrame): SmallColumn[] {
  return stored.getColumns().map((series) => {
    const type = SMALL_TYPES[series.dtype.variant];
    if (!type) throw new Error(`column ${series.name}: no small-file encoding for ${series.dtype.variant}`);
    if (type === 'bigint' || type === 'timestamp') {
      // Timestamps as the microseconds the small-file writer declares, whatever unit the frame holds them in.
      const exact = type === 'timestamp' ? series.cast(polarsColumnType('timestamp')).cast(pl.Int64) : series;
      const text = exact.cast(pl.Utf8).toArray() as Array<string | null>;
      return { name: series.name, type, values: text.map((v) => (v === null ? null : BigInt(v))) };
    }
    return { name: series.name, type, values: series.toArray() as Array<string | number | null> };
  });
}

/** Polars' type of a stored column (storedOrder casts every one to its catalog type) to the catalog's. */
const SMALL_TYPES: Record<string, ColumnType> = { String: 'string', Float64: 'double', Int32: 'int', Int64: 'bigint', Datetime: 'timestamp' };
