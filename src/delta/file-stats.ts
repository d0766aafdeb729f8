import pl from 'nodejs-polars';
import type { ColumnDef } from '../catalog/types';
import { polarsColumnType } from '../parquet/polars-types';

/**
 * Per-file statistics for an add action (PROTOCOL.md "Per-file Statistics"): numRecords, and per stored column
 * nullCount, minValues, maxValues, which readers use to skip files.
 *
 * Returned as JSON text built by hand: 64-bit ids (songplay_id) exceed JavaScript's safe integers, so numbers are
 * carried as decimal text (as Polars prints them, or as a Parquet footer's bytes decode), never through a JS number.
 */
const STRING_PREFIX = 32; // Spark's default string stats prefix length

/**
 * One stored column's figures as text: the null count, and the smallest and largest value as Polars prints them
 * (integers and timestamps' epoch microseconds in decimal). Null when unknown: that statistic is then left out.
 */
export interface ColumnFigures {
  nullCount: string | null;
  min: string | null;
  max: string | null;
}

/** One group of rows (a partition's file) with its stats: its key values in the group-by's order, and row count. */
export interface GroupStats {
  keys: unknown[];
  rows: number;
  stats: string;
}

/**
 * The aggregations behind the stats, over every column at once (a group-by's agg leaves its keys out), each
 * result as text: built once, because nodejs-polars spends ~1 ms of CPU on every expression object it makes
 * (one per column and figure, the stats of the five tables cost ~0.45 s at 1M events; these few ~0.03 s, once).
 * Timestamps are first made epoch microseconds (`input`), so they aggregate and print exactly.
 */
let figureExprs: { input: pl.Expr; figures: pl.Expr[]; rows: pl.Expr } | null = null;
function exprs(): NonNullable<typeof figureExprs> {
  figureExprs ??= {
    input: pl.col(polarsColumnType('timestamp')).cast(pl.Int64),
    figures: [
      pl.all().nullCount().cast(pl.Utf8).suffix(':nulls'),
      pl.all().min().cast(pl.Utf8).suffix(':min'),
      pl.all().max().cast(pl.Utf8).suffix(':max'),
    ],
    rows: pl.len().alias('__rows'),
  };
  return figureExprs;
}

/** The stats of one frame holding a file's rows (its stored columns; timestamps UTC microseconds): one select. */
export function fileStats(frame: pl.DataFrame, columns: ColumnDef[]): string {
  if (frame.height === 0 || columns.length === 0) return statsText(columns, frame.height, columns.map(() => ({ nullCount: '0', min: null, max: null })));
  const { input, figures } = exprs();
  const result = frame.withColumns(input).select(...figures);
  return statsText(columns, frame.height, figuresReader(columns, result.columns)(result.row(0)));
}

/**
 * The stats of each group of a frame's rows by `keys` (a partitioned table's files), sorted by the keys: one
 * group-by for all of them, the figures of `columns` (timestamps UTC microseconds).
 */
export function groupStats(frame: pl.DataFrame, keys: string[], columns: ColumnDef[]): GroupStats[] {
  const { input, figures, rows } = exprs();
  const result = frame.withColumns(input).groupBy(keys).agg(rows, ...figures).sort(keys);
  const figuresOf = figuresReader(columns, result.columns);
  return result.rows().map((row) => {
    const count = Number(row[keys.length]);
    return { keys: row.slice(0, keys.length), rows: count, stats: statsText(columns, count, figuresOf(row)) };
  });
}

/** Reads the figures of `columns` from a row of the aggregations' results (whose columns are `names`). */
function figuresReader(columns: ColumnDef[], names: string[]): (row: ReadonlyArray<unknown>) => ColumnFigures[] {
  const at = (column: string, figure: string) => names.indexOf(`${column}:${figure}`);
  const positions = columns.map((c) => [at(c.name, 'nulls'), at(c.name, 'min'), at(c.name, 'max')]);
  const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
  return (row) => positions.map(([nulls, min, max]) => ({ nullCount: text(row[nulls]), min: text(row[min]), max: text(row[max]) }));
}

/** The stats JSON text of a file of numRecords rows, from its columns' figures (in the order of columns). */
export function statsText(columns: ColumnDef[], numRecords: number | bigint, figures: ColumnFigures[]): string {
  const nulls: string[] = [];
  const mins: string[] = [];
  const maxes: string[] = [];
  columns.forEach((c, i) => {
    const key = JSON.stringify(c.name);
    const { nullCount, min, max } = figures[i];
    if (nullCount !== null && /^\d+$/.test(nullCount)) nulls.push(`${key}:${nullCount}`);
    const low = statValue(c, min, 'min');
    const high = statValue(c, max, 'max');
    if (low !== null) mins.push(`${key}:${low}`);
    if (high !== null) maxes.push(`${key}:${high}`);
  });
  return `{"numRecords":${numRecords},"minValues":{${mins.join(',')}},"maxValues":{${maxes.join(',')}},"nullCount":{${nulls.join(',')}}}`;
}

/** One bound as JSON text, or null when it is absent or cannot be written exactly (readers then do not skip). */
function statValue(column: ColumnDef, text: string | null, bound: 'min' | 'max'): string | null {
  if (text === null) return null;
  switch (column.type) {
    case 'bigint':
    case 'int':
      return /^-?\d+$/.test(text) ? text : null;
    case 'double':
      return Number.isFinite(Number(text)) ? String(Number(text)) : null;
    case 'timestamp': {
      if (!/^-?\d+$/.test(text)) return null;
      // Delta keeps timestamp stats in milliseconds: round the lower bound down and the upper bound up so
      // both still enclose every value.
      const micros = BigInt(text);
      const millis = bound === 'min' ? floorDiv(micros, 1000n) : -floorDiv(-micros, 1000n);
      return JSON.stringify(new Date(Number(millis)).toISOString());
    }
    case 'string': {
      if (text.length <= STRING_PREFIX) return JSON.stringify(text); // UTF-16 units: never fewer than characters
      const chars = [...text];
      if (chars.length <= STRING_PREFIX) return JSON.stringify(text);
      // A prefix is still a lower bound; an upper bound would need the prefix incremented, so none is given.
      return bound === 'min' ? JSON.stringify(chars.slice(0, STRING_PREFIX).join('')) : null;
    }
  }
}

export function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}
