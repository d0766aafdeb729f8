import type { Dialect } from '../dialect';
import { isDoubleUtf8SparkSql, repairDoubleUtf8DecodeSql } from '../double-utf8';
import { stableIdSql } from '../stable-id';

export const SPARK_DIALECT: Dialect = {
  name: 'spark',
  functions: {
    epoch_ms_to_timestamp: (ms) => `timestamp_millis(${ms})`,
    // Spark's dayofweek counts Sunday as 1; weekday() is Monday = 0, so +1 gives ISO.
    iso_weekday: (t) => `(weekday(${t}) + 1)`,
    iso_week: (t) => `weekofyear(${t})`,
    stable_id: stableIdSql,
    // Double-encoded names: decoded twice, the same text as Polars' replacements (why: src/models/double-utf8.ts).
    repair_double_utf8: repairDoubleUtf8DecodeSql,
    is_double_utf8: isDoubleUtf8SparkSql,
  },
};
