import type { Dialect } from '../dialect';
import { isDoubleUtf8PolarsSql, repairDoubleUtf8NestedSql } from '../double-utf8';
import { stableIdSql } from '../stable-id';

export const POLARS_DIALECT: Dialect = {
  name: 'polars',
  functions: {
    epoch_ms_to_timestamp: (ms) => `CAST(${ms} AS TIMESTAMP(3))`,
    // Polars' DOW counts Sunday as 0; ISODOW is Monday = 1 … Sunday = 7.
    iso_weekday: (t) => `EXTRACT(ISODOW FROM ${t})`,
    iso_week: (t) => `EXTRACT(WEEK FROM ${t})`,
    stable_id: stableIdSql,
    // Double-encoded names: the 96 sequences replaced, in passes (why: src/models/double-utf8.ts).
    repair_double_utf8: repairDoubleUtf8NestedSql,
    is_double_utf8: isDoubleUtf8PolarsSql,
  },
};
