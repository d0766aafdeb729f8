import type { Dialect } from '../dialect';
import { stableIdSql } from '../stable-id';

export const SPARK_DIALECT: Dialect = {
  name: 'spark',
  functions: {
    epoch_ms_to_timestamp: (ms) => `timestamp_millis(${ms})`,
    // Spark's dayofweek counts Sunday as 1; weekday() is Monday = 0, so +1 gives ISO.
    iso_weekday: (t) => `(weekday(${t}) + 1)`,
    iso_week: (t) => `weekofyear(${t})`,
    stable_id: stableIdSql,
  },
};
