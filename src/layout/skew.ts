import pl from 'nodejs-polars';
import { tableFolder } from '../catalog/tables';
import type { TableDef } from '../catalog/types';
import type { DataFile } from '../core/run-contract';
import { partitionSegment } from '../core/hive-partitions';
import { filesByPartition } from './partition-files';
import { formatBytes } from '../format';

/** A file under this size is "tiny": each costs a listing entry, an open and a footer read, whatever its size. */
export const TINY_FILE_BYTES = 1024 * 1024;
/** ...and a table with more files than this, most of them tiny, is worth re-partitioning. */
export const TINY_FILES_MIN_COUNT = 1000;
/** One partition holding more than this share of the rows defeats partitioning (one task does most work). */
export const DOMINANT_SHARE = 0.5;
/** A target size when suggesting a number of buckets (the usual Parquet/HDFS block size). */
export const TARGET_FILE_BYTES = 128 * 1024 * 1024;

export interface Distribution {
  min: number;
  median: number;
  max: number;
}

export interface PartitionStat {
  /** The Hive path, e.g. `year=2018/month=11`; '' for an unpartitioned table. */
  partition: string;
  rows: number;
  files: number;
  bytes: number;
}

export interface CandidateColumn {
  column: string;
  /** Distinct values, null counted as one. */
  distinct: number;
  /** Share of the rows holding the most common value. */
  largestShare: number;
}

export interface SkewFlag {
  kind: 'many_tiny_files' | 'dominant_partition';
  message: string;
  suggestion: string;
}

export interface TableSkew {
  table: string;
  partitionBy: string[];
  rows: number;
  files: number;
  bytes: number;
  partitions: number;
  rowsPerPartition: Distribution;
  bytesPerPartition: Distribution;
  filesPerPartition: Distribution;
  fileBytes: Distribution;
  /** The partitions with the most rows, largest first (at most five). */
  largest: PartitionStat[];
  candidates: CandidateColumn[];
  flags: SkewFlag[];
}

export function distribution(values: number[]): Distribution {
  if (values.length === 0) return { min: 0, median: 0, max: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { min: sorted[0], median, max: sorted[sorted.length - 1] };
}

/** Rows per Hive partition path of a frame partitioned by `columns` (the path the writer gives them). */
function rowsByPartition(frame: pl.DataFrame, columns: string[]): Map<string, number> {
  if (columns.length === 0) return new Map([['', frame.height]]);
  const counts = frame.groupBy(columns).agg(pl.len().alias('__rows')).toRecords();
  return new Map(counts.map((r) => [columns.map((c) => partitionSegment(c, r[c])).join('/'), Number(r.__rows)]));
}

function candidate(frame: pl.DataFrame, column: string): CandidateColumn {
  const counts = frame.groupBy(column).agg(pl.len().alias('__rows'));
  const largest = counts.height === 0 ? 0 : Number(counts.getColumn('__rows').max());
  return { column, distinct: counts.height, largestShare: frame.height === 0 ? 0 : largest / frame.height };
}

/** The partition figures of one written table, from its data files (with sizes) and its rows. */
export function analyzeTableSkew(files: DataFile[], frame: pl.DataFrame, table: TableDef): TableSkew {
  const rows = rowsByPartition(frame, table.partitionBy);

  const partitions: PartitionStat[] = filesByPartition(files).map((p) => ({ ...p, rows: rows.get(p.partition) ?? 0 }));
  const bytes = files.reduce((sum, f) => sum + f.bytes, 0);
  const skew: TableSkew = {
    table: table.name,
    partitionBy: table.partitionBy,
    rows: frame.height,
    files: files.length,
    bytes,
    partitions: table.partitionBy.length === 0 ? 0 : partitions.length,
    rowsPerPartition: distribution(partitions.map((p) => p.rows)),
    bytesPerPartition: distribution(partitions.map((p) => p.bytes)),
    filesPerPartition: distribution(partitions.map((p) => p.files)),
    fileBytes: distribution(files.map((f) => f.bytes)),
    largest: [...partitions].sort((a, b) => b.rows - a.rows || (a.partition < b.partition ? -1 : 1)).slice(0, 5),
    candidates: tableFolder(table.name).partitionCandidates.map((c) => candidate(frame, c)),
    flags: [],
  };
  skew.flags = skewFlags(skew, frame, table);
  return skew;
}

function skewFlags(skew: TableSkew, frame: pl.DataFrame, table: TableDef): SkewFlag[] {
  const flags: SkewFlag[] = [];
  const by = table.partitionBy.join(', ');
  if (skew.files > TINY_FILES_MIN_COUNT && skew.fileBytes.median < TINY_FILE_BYTES) {
    flags.push({
      kind: 'many_tiny_files',
      message:
        `${skew.table} by ${by || 'nothing'}: ${skew.files} files, median ${formatBytes(skew.fileBytes.median)} ` +
        `(more than ${TINY_FILES_MIN_COUNT} files under ${formatBytes(TINY_FILE_BYTES)}): many tiny files`,
      suggestion: coarserSuggestion(skew, frame, table),
    });
  }
  const top = skew.largest[0];
  if (skew.partitions > 1 && top && top.rows > DOMINANT_SHARE * skew.rows) {
    const share = top.rows / skew.rows;
    // A column that would cut the table into many tiny files is no cure (songs by artist_id: the seed's layout).
    const tiny = (c: CandidateColumn) => c.distinct > TINY_FILES_MIN_COUNT && skew.bytes / c.distinct < TINY_FILE_BYTES;
    const better = skew.candidates
      .filter((c) => !table.partitionBy.includes(c.column) && c.distinct > 1 && c.largestShare <= DOMINANT_SHARE && !tiny(c))
      .sort((a, b) => a.largestShare - b.largestShare)[0];
    // Without a better column, a dominant partition that is one file of modest size costs readers nothing.
    if (!better && top.bytes < TARGET_FILE_BYTES) return flags;
    flags.push({
      kind: 'dominant_partition',
      message: `${skew.table} by ${by}: partition ${top.partition} holds ${percent(share)} of the rows (more than ${percent(DOMINANT_SHARE)}): one dominant partition`,
      suggestion: better
        ? `partition by ${better.column} instead (${better.distinct} values, the largest ${percent(better.largestShare)} of the rows), or add it after ${by}`
        : `do not partition ${skew.table} by ${by} alone: add a finer column, or leave it unpartitioned`,
    });
  }
  return flags;
}

/** Suggests dropping the last (finest) partition column, with the figures that partitioning would give. */
function coarserSuggestion(skew: TableSkew, frame: pl.DataFrame, table: TableDef): string {
  const coarser = table.partitionBy.slice(0, -1);
  const dropped = table.partitionBy[table.partitionBy.length - 1];
  const projected = [...rowsByPartition(frame, coarser).entries()];
  const bytesPerRow = skew.rows === 0 ? 0 : skew.bytes / skew.rows;
  const medianRows = distribution(projected.map(([, r]) => r)).median;
  const [largestPath, largestRows] = projected.sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
  const buckets = Math.max(1, Math.ceil(skew.bytes / TARGET_FILE_BYTES));
  const where = coarser.length === 0 ? 'leave it unpartitioned' : `partition ${skew.table} by ${coarser.join(', ')} only`;
  const largestNote =
    coarser.length > 0 && skew.rows > 0 && largestRows > DOMINANT_SHARE * skew.rows
      ? `; note ${largestPath} would hold ${percent(largestRows / skew.rows)} of the rows`
      : '';
  return (
    `${where} (${projected.length} partitions, median ${Math.round(medianRows)} rows ≈ ${formatBytes(Math.round(medianRows * bytesPerRow))} per file${largestNote}), ` +
    `and sort or bucket by ${dropped} inside them (${buckets} bucket${buckets === 1 ? '' : 's'} of ~${formatBytes(TARGET_FILE_BYTES)} for ${formatBytes(skew.bytes)})`
  );
}

function percent(share: number): string {
  return `${(share * 100).toFixed(share < 0.1 ? 1 : 0)}%`;
}
