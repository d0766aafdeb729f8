import type { Dialect } from '../dialect';
import { isDoubleUtf8PolarsSql, repairDoubleUtf8NestedSql } from '../double-utf8';
import { stableIdSql } from '../stable-id';

/**
 * DuckDB, for the benchmark's comparison script (bench/duckdb_baseline.py): the kit's own models, so DuckDB does
 * the same transformations as the engines it is compared with.
 */
export const DUCKDB_DIALECT: Dialect = {
  name: 'duckdb',
  functions: {
    epoch_ms_to_timestamp: (ms) => `epoch_ms(${ms})`,
    iso_weekday: (t) => `isodow(${t})`,
    iso_week: (t) => `weekofyear(${t})`,
    stable_id: stableIdSql,
    // DuckDB's REPLACE and REGEXP_MATCHES (RE2) take the same text as Polars' (why: src/models/double-utf8.ts).
    repair_double_utf8: repairDoubleUtf8NestedSql,
    is_double_utf8: (expression) => isDoubleUtf8PolarsSql(expression).replace(/^REGEXP_LIKE\(/, 'REGEXP_MATCHES('),
  },
};
