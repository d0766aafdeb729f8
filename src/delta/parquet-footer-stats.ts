import type { ColumnDef } from '../catalog/types';
import { CONVERTED, PHYSICAL } from '../parquet/enums';
import { readFileMetaData, type FooterFacts, type LeafColumn } from '../parquet/file-metadata';
import { floorDiv, statsText, type ColumnFigures } from './file-stats';

/**
 * Delta per-file statistics from a Parquet file's footer (its FileMetaData), for files the kit did not write
 * itself (Spark's and EMR's): numRecords from num_rows, and per stored column the row groups' column-chunk
 * statistics (min_value / max_value / null_count) combined, typed by the catalog's column types.
 *
 * A bound is given only when every row group holding values states it, in a form whose order is the column's:
 * INT96 timestamps, unsigned or decimal integers and the deprecated min/max of byte arrays (signed byte order) give
 * none, so readers read such a file rather than skip it wrongly.
 */

/** The stats JSON text of a Parquet file from its footer bytes (the FileMetaData, without length and magic). */
export function footerStats(footer: Buffer, columns: ColumnDef[]): string {
  const facts = readFileMetaData(footer);
  return statsText(columns, facts.rows, columns.map((c) => columnFigures(c, facts)));
}

function columnFigures(column: ColumnDef, facts: FooterFacts): ColumnFigures {
  const leaf = facts.leaves.get(column.name);
  if (!leaf) return { nullCount: null, min: null, max: null };
  let nullCount: bigint | null = 0n;
  let min: Bound | null = null;
  let max: Bound | null = null;
  let bounded = true;
  for (const group of facts.rowGroups) {
    const chunk = group.chunks.get(column.name);
    if (chunk === undefined || chunk === null) {
      nullCount = null;
      bounded = bounded && group.rows === 0n;
      continue;
    }
    nullCount = nullCount === null || chunk.nullCount === null ? null : nullCount + chunk.nullCount;
    // A chunk of nulls only (or of no rows) holds no value to bound.
    if (group.rows === 0n || (chunk.nullCount !== null && chunk.nullCount === group.rows)) continue;
    const low = decodeBound(column, leaf, chunk.min ?? (numeric(leaf) ? chunk.legacyMin : null), 'min');
    const high = decodeBound(column, leaf, chunk.max ?? (numeric(leaf) ? chunk.legacyMax : null), 'max');
    if (low === null || high === null) {
      bounded = false;
      continue;
    }
    if (min === null || compare(low, min) < 0) min = low;
    if (max === null || compare(high, max) > 0) max = high;
  }
  return {
    nullCount: nullCount === null ? null : String(nullCount),
    min: bounded && min ? min.text : null,
    max: bounded && max ? max.text : null,
  };
}

/** A decoded bound: its text as Polars would print it, and a key that orders it (bytes for strings). */
interface Bound {
  text: string;
  key: bigint | number | Buffer;
}

function compare(a: Bound, b: Bound): number {
  if (Buffer.isBuffer(a.key) && Buffer.isBuffer(b.key)) return Buffer.compare(a.key, b.key);
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

function numeric(leaf: LeafColumn): boolean {
  return leaf.physical !== PHYSICAL.BYTE_ARRAY;
}

/** A statistic's PLAIN bytes as a bound of the catalog's type, or null when it cannot be read as one exactly. */
function decodeBound(column: ColumnDef, leaf: LeafColumn, bytes: Buffer | null, bound: 'min' | 'max'): Bound | null {
  if (bytes === null) return null;
  switch (column.type) {
    case 'int':
    case 'bigint': {
      const signed = !leaf.unsigned && !leaf.otherLogical && !leaf.timeUnit;
      const plain = leaf.converted === null || (leaf.converted >= CONVERTED.INT_8 && leaf.converted <= CONVERTED.INT_64);
      if (!signed || !plain) return null;
      const value = integerOf(leaf.physical, bytes);
      return value === null ? null : { text: String(value), key: value };
    }
    case 'double': {
      if (leaf.converted !== null || leaf.otherLogical) return null;
      const value =
        leaf.physical === PHYSICAL.DOUBLE && bytes.length === 8 ? bytes.readDoubleLE(0) : leaf.physical === PHYSICAL.FLOAT && bytes.length === 4 ? bytes.readFloatLE(0) : null;
      return value === null || Number.isNaN(value) ? null : { text: String(value), key: value };
    }
    case 'timestamp': {
      const unit = leaf.timeUnit ?? (leaf.converted === CONVERTED.TIMESTAMP_MICROS ? 'micros' : leaf.converted === CONVERTED.TIMESTAMP_MILLIS ? 'millis' : null);
      if (leaf.physical !== PHYSICAL.INT64 || unit === null || bytes.length !== 8) return null;
      const value = bytes.readBigInt64LE(0);
      // As microseconds; nanoseconds rounded outwards so the bound still encloses the values.
      const micros = unit === 'millis' ? value * 1000n : unit === 'micros' ? value : bound === 'min' ? floorDiv(value, 1000n) : -floorDiv(-value, 1000n);
      return { text: String(micros), key: micros };
    }
    case 'string': {
      const utf8 = leaf.converted === null || leaf.converted === CONVERTED.UTF8;
      if (leaf.physical !== PHYSICAL.BYTE_ARRAY || !utf8 || leaf.otherLogical) return null;
      const text = bytes.toString('utf8');
      // A bound cut inside a character (a truncated statistic) is no text; it is left out rather than guessed.
      return Buffer.from(text, 'utf8').equals(bytes) ? { text, key: bytes } : null;
    }
  }
}

function integerOf(physical: number | null, bytes: Buffer): bigint | null {
  if (physical === PHYSICAL.INT32 && bytes.length === 4) return BigInt(bytes.readInt32LE(0));
  if (physical === PHYSICAL.INT64 && bytes.length === 8) return bytes.readBigInt64LE(0);
  return null;
}
