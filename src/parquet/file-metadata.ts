import { CompactReader, THRIFT as T } from './thrift-compact';

/**
 * A Parquet footer's FileMetaData (parquet-format's parquet.thrift), the fields the kit reads from files it did not
 * write: the row count, the schema's leaf columns (physical, converted and logical types) and each row group's
 * column-chunk statistics as stored (bounds as their PLAIN bytes). What they mean for a table is the reader's to
 * decide (delta/parquet-footer-stats.ts).
 */

/** A TIMESTAMP logical type's unit. */
export type TimeUnit = 'millis' | 'micros' | 'nanos';

/** One leaf column of the file's schema, as far as its statistics' meaning goes. */
export interface LeafColumn {
  physical: number | null;
  converted: number | null;
  /** From the logical type: a timestamp's unit, an integer's signedness, or another annotation that rules stats out. */
  timeUnit: TimeUnit | null;
  unsigned: boolean;
  otherLogical: boolean;
}

/** A column chunk's statistics as stored: bounds as their PLAIN bytes. */
export interface ChunkStats {
  min: Buffer | null;
  max: Buffer | null;
  /** The deprecated min/max (fields 1, 2): kept for numbers only, whose order they share. */
  legacyMin: Buffer | null;
  legacyMax: Buffer | null;
  nullCount: bigint | null;
}

/** A row group: its rows and its column chunks' statistics. */
export interface RowGroup {
  rows: bigint;
  /** By the column's dotted path. */
  chunks: Map<string, ChunkStats | null>;
}

/** What the kit reads of a FileMetaData. */
export interface FooterFacts {
  rows: bigint;
  leaves: Map<string, LeafColumn>;
  rowGroups: RowGroup[];
}

/** The facts of a footer (the FileMetaData bytes, without length and magic). */
export function readFileMetaData(footer: Buffer): FooterFacts {
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
