import type { ColumnDef } from '../catalog/types';
import { floorDiv, statsText, type ColumnFigures } from './file-stats';
import { CompactReader, THRIFT as T } from './thrift-compact-reader';

/**
 * Delta per-file statistics from a Parquet file's footer (its FileMetaData), for files the kit did not write
 * itself (Spark's and EMR's): numRecords from num_rows, and per stored column the row groups' column-chunk
 * statistics (min_value / max_value / null_count) combined, typed by the catalog's column types.
 *
 * A bound is given only when every row group holding values states it, in a form whose order is the column's:
 * INT96 timestamps, unsigned or decimal integers and the deprecated min/max of byte arrays (signed byte order) give
 * none, so readers read such a file rather than skip it wrongly.
 */

/** parquet-format's physical types and the converted types read here. */
const PHYSICAL = { INT32: 1, INT64: 2, FLOAT: 4, DOUBLE: 5, BYTE_ARRAY: 6 } as const;
const CONVERTED = { UTF8: 0, TIMESTAMP_MILLIS: 9, TIMESTAMP_MICROS: 10, INT_8: 15, INT_64: 18 } as const;
/** A TIMESTAMP logical type's unit. */
type TimeUnit = 'millis' | 'micros' | 'nanos';

/** One leaf column of the file's schema, as far as its statistics' meaning goes. */
interface LeafColumn {
  physical: number | null;
  converted: number | null;
  /** From the logical type: a timestamp's unit, an integer's signedness, or another annotation that rules stats out. */
  timeUnit: TimeUnit | null;
  unsigned: boolean;
  otherLogical: boolean;
}

/** A column chunk's statistics as stored: bounds as their PLAIN bytes. */
interface ChunkStats {
  min: Buffer | null;
  max: Buffer | null;
  /** The deprecated min/max (fields 1, 2): kept for numbers only, whose order they share. */
  legacyMin: Buffer | null;
  legacyMax: Buffer | null;
  nullCount: bigint | null;
}

interface RowGroup {
  rows: bigint;
  /** By the column's dotted path. */
  chunks: Map<string, ChunkStats | null>;
}

interface FooterFacts {
  rows: bigint;
  leaves: Map<string, LeafColumn>;
  rowGroups: RowGroup[];
}

/** The stats JSON text of a Parquet file from its footer bytes (the FileMetaData, without length and magic). */
export function footerStats(footer: Buffer, columns: ColumnDef[]): string {
  const facts = readFooter(footer);
  return statsText(columns, facts.rows, columns.map((c) => columnFigures(c, facts)));
}

/** The footer of a Parquet file's tail (its last bytes, the FileMetaData's length and `PAR1` at the end). */
export function footerOfTail(tail: Buffer, name: string): { footer: Buffer } | { length: number } {
  if (tail.length < 8 || tail.toString('latin1', tail.length - 4) !== 'PAR1') throw new Error(`${name}: not a Parquet file (no PAR1 magic at the end)`);
  const length = tail.readUInt32LE(tail.length - 8);
  if (tail.length < length + 8) return { length };
  return { footer: tail.subarray(tail.length - 8 - length, tail.length - 8) };
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

// ---- FileMetaData (parquet-format's parquet.thrift), the fields read here ----

function readFooter(footer: Buffer): FooterFacts {
  const r = new CompactReader(footer);
  const facts: FooterFacts = { rows: 0n, leaves: new Map(), rowGroups: [] };
  r.struct((id, type) => {
    if (id === 2 && type === T.LIST) facts.leaves = readSchema(r);
    else if (id === 3 && type === T.I64) facts.rows = r.integer();
    else if (id === 4 && type === T.LIST) r.list(() => facts.rowGroups.push(readRowGroup(r)));
    else return false;
    return true;
  });
  return facts;
}

/** The schema's leaves by dotted path: a flat list of elements in depth-first order, groups giving their children's count. */
function readSchema(r: CompactReader): Map<string, LeafColumn> {
  const elements: Array<{ name: string; children: number; leaf: LeafColumn }> = [];
  r.list(() => elements.push(readSchemaElement(r)));
  const leaves = new Map<string, LeafColumn>();
  let next = 1; // element 0 is the root
  const walk = (prefix: string, children: number) => {
    for (let i = 0; i < children && next < elements.length; i++) {
      const element = elements[next++];
      const name = prefix === '' ? element.name : `${prefix}.${element.name}`;
      if (element.children > 0) walk(name, element.children);
      else leaves.set(name, element.leaf);
    }
  };
  walk('', elements[0]?.children ?? 0);
  return leaves;
}

function readSchemaElement(r: CompactReader): { name: string; children: number; leaf: LeafColumn } {
  const leaf: LeafColumn = { physical: null, converted: null, timeUnit: null, unsigned: false, otherLogical: false };
  let name = '';
  let children = 0;
  r.struct((id, type) => {
    if (id === 1 && type === T.I32) leaf.physical = Number(r.integer());
    else if (id === 4 && type === T.BINARY) name = r.binary().toString('utf8');
    else if (id === 5 && type === T.I32) children = Number(r.integer());
    else if (id === 6 && type === T.I32) leaf.converted = Number(r.integer());
    else if (id === 10 && type === T.STRUCT) readLogicalType(r, leaf);
    else return false;
    return true;
  });
  return { name, children, leaf };
}

/** LogicalType is a union: STRING (1), TIMESTAMP (8) and INTEGER (10) are understood; any other rules stats out. */
function readLogicalType(r: CompactReader, leaf: LeafColumn): void {
  r.struct((id, type) => {
    if (id === 1) return false; // STRING: UTF-8 text, byte order
    if (id === 8 && type === T.STRUCT) {
      // TimestampType { 1: isAdjustedToUTC, 2: unit (union: 1 MILLIS, 2 MICROS, 3 NANOS) }
      r.struct((field, fieldType) => {
        if (field !== 2 || fieldType !== T.STRUCT) return false;
        r.struct((unit) => {
          leaf.timeUnit = unit === 1 ? 'millis' : unit === 2 ? 'micros' : unit === 3 ? 'nanos' : leaf.timeUnit;
          return false;
        });
        return true;
      });
      if (leaf.timeUnit === null) leaf.otherLogical = true;
      return true;
    }
    if (id === 10 && type === T.STRUCT) {
      // IntType { 1: bitWidth, 2: isSigned }
      r.struct((field, fieldType) => {
        if (field === 2 && fieldType === T.FALSE) leaf.unsigned = true;
        return false;
      });
      return true;
    }
    leaf.otherLogical = true;
    return false;
  });
}

function readRowGroup(r: CompactReader): RowGroup {
  const group: RowGroup = { rows: 0n, chunks: new Map() };
  r.struct((id, type) => {
    if (id === 1 && type === T.LIST) {
      r.list(() => {
        const chunk = readColumnChunk(r);
        if (chunk) group.chunks.set(chunk.path, chunk.stats);
      });
    } else if (id === 3 && type === T.I64) group.rows = r.integer();
    else return false;
    return true;
  });
  return group;
}

/** A ColumnChunk's path and statistics (null when it has none); null for a chunk without metadata. */
function readColumnChunk(r: CompactReader): { path: string; stats: ChunkStats | null } | null {
  let found: { path: string; stats: ChunkStats | null } | null = null;
  r.struct((id, type) => {
    if (id !== 3 || type !== T.STRUCT) return false;
    // ColumnMetaData { 3: path_in_schema, 12: statistics }
    let path = '';
    let stats: ChunkStats | null = null;
    r.struct((field, fieldType) => {
      if (field === 3 && fieldType === T.LIST) {
        const parts: string[] = [];
        r.list(() => parts.push(r.binary().toString('utf8')));
        path = parts.join('.');
      } else if (field === 12 && fieldType === T.STRUCT) stats = readStatistics(r);
      else return false;
      return true;
    });
    found = { path, stats };
    return true;
  });
  return found;
}

/** Statistics { 1: max, 2: min, 3: null_count, 5: max_value, 6: min_value } (the deprecated 1 and 2 kept apart). */
function readStatistics(r: CompactReader): ChunkStats {
  const stats: ChunkStats = { min: null, max: null, legacyMin: null, legacyMax: null, nullCount: null };
  r.struct((id, type) => {
    if (type === T.BINARY && [1, 2, 5, 6].includes(id)) {
      const bytes = r.binary();
      if (id === 1) stats.legacyMax = bytes;
      else if (id === 2) stats.legacyMin = bytes;
      else if (id === 5) stats.max = bytes;
      else stats.min = bytes;
    } else if (id === 3 && type === T.I64) stats.nullCount = r.integer();
    else return false;
    return true;
  });
  return stats;
}
