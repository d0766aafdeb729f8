import * as fs from 'node:fs';
import * as path from 'node:path';
import type pl from 'nodejs-polars';
import { fixParquetFooter } from '../../delta/parquet-footer';

// The partition files' writer, on its own: the writer threads load only this (and Polars), not the storage layer
// and its AWS SDK, ~180 ms of module loading per thread.

/** One file to write: its partition folder (relative; '' when unpartitioned) and its run of rows in storedOrder. */
export interface PartitionRun {
  folder: string;
  start: number;
  rows: number;
}

/** What one writer wrote. */
export interface WrittenShare {
  files: number;
  bytes: number;
  folders: string[];
}

/**
 * Writes the given runs of `stored` (storedOrder's frame, stored columns only), each as a slice, one at a time:
 * not split into frames all at once (songs' 170,000 partitions at 50M events held gigabytes).
 */
export function writePartitions(stored: pl.DataFrame, runs: PartitionRun[], dir: string, fileName: string): WrittenShare {
  const written: WrittenShare = { files: 0, bytes: 0, folders: [] };
  for (const run of runs) {
    fs.mkdirSync(path.join(dir, run.folder), { recursive: true });
    const file = path.join(dir, run.folder, fileName);
    // To a file, not a Buffer: nodejs-polars' Buffer writer costs ~4x more a file.
    stored.slice(run.start, run.rows).writeParquet(file, { compression: 'snappy' });
    // Without Polars' ARROW:schema footer key, pyarrow reads strings as `string`, not `string_view` it cannot filter.
    fixParquetFooter(file);
    written.files++;
    written.bytes += fs.statSync(file).size;
    written.folders.push(run.folder);
  }
  return written;
}
