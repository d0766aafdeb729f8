import pl, { type DataType } from 'nodejs-polars';
import type { ColumnType, RawType } from '../catalog/types';

/** Catalog column types as Polars types. Timestamps are UTC-aware so Parquet marks them adjusted to UTC,
 *  which Spark reads as TIMESTAMP (not TIMESTAMP_NTZ). */
export function polarsColumnType(type: ColumnType): DataType {
  switch (type) {
    case 'bigint':
      return pl.Int64;
    case 'int':
      return pl.Int32;
    case 'double':
      return pl.Float64;
    case 'string':
      return pl.Utf8;
    case 'timestamp':
      return pl.Datetime('ms', 'UTC');
  }
}

export function polarsRawType(type: RawType): DataType {
  switch (type) {
    case 'string':
      return pl.Utf8;
    case 'integer':
      return pl.Int64;
    case 'number':
      return pl.Float64;
  }
}
