import pl, { type DataType } from 'nodejs-polars';
import type { RawType } from '../catalog/types';

/** Raw JSON field types as Polars types (before the staging models fix them). The catalog's column types: parquet/polars-types.ts. */
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
