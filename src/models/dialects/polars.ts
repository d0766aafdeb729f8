import type { Dialect } from '../dialect';
import { repairDoubleUtf8NestedSql } from '../double-utf8';
import { stableIdSql } from '../stable-id';

export const POLARS_DIALECT: Dialect = {
  name: 'polars',
  functions: {
    epoch_ms_to_timestamp: (ms) => `CAST(${ms} AS TIMESTAMP(3))`,
    // Polars' DOW counts Sunday as 0; ISODOW is Monday = 1 … Sunday = 7.
    iso_weekday: (t) => `EXTRACT(ISODOW FROM ${t})`,
    iso_week: (t) => `EXTRACT(WEEK FROM ${t})`,
    stable_id: stableIdSql,
    // The same 96 replacements in the same order on both engines, as nested REPLACEs (why: src/models/double-utf8.ts).
    repair_double_utf8: repairDoubleUtf8NestedSql,
  },
};
