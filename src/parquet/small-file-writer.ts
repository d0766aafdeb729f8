import type { ColumnType } from '../catalog/types';
import { CONVERTED, DATA_PAGE, ENCODING, OPTIONAL, PHYSICAL, SNAPPY } from './enums';
import { footerEnd, PARQUET_MAGIC } from './footer';
import { CompactWriter, THRIFT as T, varintBytes } from './thrift-compact';

/**
 * A Parquet writer for small files, in JavaScript: songs' thousands of partition files (a row or a few each) are
 * written with it. Polars' writer spent ~0.4 ms of CPU on each such file (its setup, its thread pool woken for
 * every file) and then needed its footer rewritten (strip-arrow-schema.ts); this one makes a file's bytes in a few
 * microseconds, and nothing needs rewriting.
 *
 * What it writes (parquet-format's Thrift definitions): `PAR1`, then for each column one data page (v1): the
 * definition levels (every column is OPTIONAL, as Polars and Spark write them) as one bit-packed run, the non-null
 * values PLAIN-encoded, the page snappy-framed; then the FileMetaData (Thrift compact protocol), its length, `PAR1`.
 * One row group, no dictionary, no statistics in the footer (a file's Delta stats, from the same rows, are in its add
 * action), no `ARROW:schema`:
 * readers take the types from the Parquet schema (UTF8 → string, TIMESTAMP(UTC, MICROS) → timestamp[us, UTC]).
 */

/** A column to write: its catalog type and its values, one per row (null for a null). */
export interface SmallColumn {
  name: string;
  type: ColumnType;
  /** Strings for string; numbers for int and double; bigints (exact 64-bit) for bigint and timestamp (µs). */
  values: ReadonlyArray<string | number | bigint | null>;
}

const { PLAIN, RLE } = ENCODING;

/** The bytes of a Parquet file holding rows [start, start + rows) of the columns. */
export function smallParquetFile(columns: SmallColumn[], start: number, rows: number): Buffer {
  const parts: Buffer[] = [Buffer.from(PARQUET_MAGIC, 'latin1')];
  let offset = 4;
  const chunks = columns.map((column) => {
    const values = column.values.slice(start, start + rows);
    const body = pageBody(column.type, values);
    const compressed = snappyLiteral(body);
    const header = pageHeader(rows, body.length, compressed.length);
    const chunk = { pageOffset: offset, uncompressed: header.length + body.length, compressed: header.length + compressed.length };
    parts.push(header, compressed);
    offset += chunk.compressed;
    return chunk;
  });
  const footer = fileMetaData(columns, rows, chunks);
  parts.push(footer, footerEnd(footer.length));
  return Buffer.concat(parts);
}

/** Definition levels (4-byte length, then one bit-packed run of 1-bit levels), then the non-null values, PLAIN. */
function pageBody(type: ColumnType, values: ReadonlyArray<string | number | bigint | null>): Buffer {
  const groups = Math.ceil(values.length / 8);
  const levels = Buffer.alloc(groups);
  values.forEach((v, i) => {
    if (v !== null) levels[i >> 3] |= 1 << (i & 7);
  });
  const runHeader = Buffer.from(varintBytes((groups << 1) | 1));
  const levelLength = Buffer.alloc(4);
  levelLength.writeUInt32LE(runHeader.length + levels.length, 0);
  const present = values.filter((v): v is string | number | bigint => v !== null);
  return Buffer.concat([levelLength, runHeader, levels, ...present.map((v) => plainValue(type, v))]);
}

function plainValue(type: ColumnType, value: string | number | bigint): Buffer {
  switch (type) {
    case 'string': {
      const bytes = Buffer.from(value as string, 'utf8');
      const out = Buffer.alloc(4 + bytes.length);
      out.writeUInt32LE(bytes.length, 0);
      bytes.copy(out, 4);
      return out;
    }
    case 'int': {
      const out = Buffer.alloc(4);
      out.writeInt32LE(value as number, 0);
      return out;
    }
    case 'double': {
      const out = Buffer.alloc(8);
      out.writeDoubleLE(value as number, 0);
      return out;
    }
    case 'bigint':
    case 'timestamp': {
      const out = Buffer.alloc(8);
      out.writeBigInt64LE(BigInt(value), 0);
      return out;
    }
  }
}

/** Snappy's raw format with literals only: valid for any reader, and these pages are too small to gain from matches. */
function snappyLiteral(data: Buffer): Buffer {
  const parts: Buffer[] = [Buffer.from(varintBytes(data.length))];
  for (let at = 0; at < data.length; at += 65536) {
    const piece = data.subarray(at, Math.min(at + 65536, data.length));
    const n = piece.length - 1;
    parts.push(Buffer.from(n < 60 ? [n << 2] : n < 256 ? [60 << 2, n] : [61 << 2, n & 0xff, n >> 8]), piece);
  }
  return Buffer.concat(parts);
}

function pageHeader(rows: number, uncompressed: number, compressed: number): Buffer {
  const w = new CompactWriter();
  w.i32(1, DATA_PAGE);
  w.i32(2, uncompressed);
  w.i32(3, compressed);
  w.struct(5, () => {
    w.i32(1, rows);
    w.i32(2, PLAIN);
    w.i32(3, RLE);
    w.i32(4, RLE);
  });
  return w.end();
}

function fileMetaData(columns: SmallColumn[], rows: number, chunks: Array<{ pageOffset: number; uncompressed: number; compressed: number }>): Buffer {
  const w = new CompactWriter();
  w.i32(1, 1);
  w.list(2, T.STRUCT, [
    () => {
      w.binary(4, 'schema');
      w.i32(5, columns.length);
    },
    ...columns.map((c) => () => schemaElement(w, c)),
  ]);
  w.i64(3, rows);
  w.list(4, T.STRUCT, [
    () => {
      w.list(
        1,
        T.STRUCT,
        columns.map((c, i) => () => {
          w.i64(2, chunks[i].pageOffset);
          w.struct(3, () => {
            w.i32(1, physicalType(c.type));
            w.list(2, T.I32, [PLAIN, RLE]);
            w.list(3, T.BINARY, [c.name]);
            w.i32(4, SNAPPY);
            w.i64(5, rows);
            w.i64(6, chunks[i].uncompressed);
            w.i64(7, chunks[i].compressed);
            w.i64(9, chunks[i].pageOffset);
          });
        }),
      );
      w.i64(2, chunks.reduce((sum, c) => sum + c.uncompressed, 0));
      w.i64(3, rows);
      w.i64(5, chunks[0]?.pageOffset ?? 4);
      w.i64(6, chunks.reduce((sum, c) => sum + c.compressed, 0));
    },
  ]);
  w.binary(6, 'sparkify-lake-kit small-parquet');
  return w.end();
}

function schemaElement(w: CompactWriter, column: SmallColumn): void {
  w.i32(1, physicalType(column.type));
  w.i32(3, OPTIONAL);
  w.binary(4, column.name);
  if (column.type === 'string') {
    w.i32(6, CONVERTED.UTF8);
    w.struct(10, () => w.struct(1, () => {})); // LogicalType.STRING
  } else if (column.type === 'timestamp') {
    w.i32(6, CONVERTED.TIMESTAMP_MICROS);
    // LogicalType.TIMESTAMP { isAdjustedToUTC: true, unit: MICROS }
    w.struct(10, () =>
      w.struct(8, () => {
        w.bool(1, true);
        w.struct(2, () => w.struct(2, () => {}));
      }),
    );
  }
}

function physicalType(type: ColumnType): number {
  switch (type) {
    case 'string':
      return PHYSICAL.BYTE_ARRAY;
    case 'int':
      return PHYSICAL.INT32;
    case 'double':
      return PHYSICAL.DOUBLE;
    case 'bigint':
    case 'timestamp':
      return PHYSICAL.INT64;
  }
}
