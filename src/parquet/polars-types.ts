import pl, { type DataType } from 'nodejs-polars';
import type { ColumnType } from '../catalog/types';

/**
 * The one map from the catalog's column types to Polars types: what every file is written as and every table read
 * back as, so frames, files and the Delta schema agree. Timestamps are UTC microseconds, as Delta and Spark store
 * them (Parquet TIMESTAMP(isAdjustedToUTC = true, MICROS), which Spark reads as TIMESTAMP, not TIMESTAMP_NTZ).
 */
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
      return pl.Datetime('us', 'UTC');
  }
}
