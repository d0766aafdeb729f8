import { TABLES } from '../catalog/tables';
import { UserError } from '../errors';
import { isS3Uri, parseS3Uri, joinKey } from '../storage/s3-uri';

/** Athena DDL reserved words that are, or could become, star table names. */
const DDL_RESERVED = new Set(['time', 'date', 'timestamp', 'user', 'table', 'partition', 'order', 'group']);

/**
 * Athena's DDL for the lake's Delta tables, one statement per star table. Athena reads the schema and partitions
 * from the Delta log, so a Delta table's CREATE may hold only LOCATION and table_type (AWS docs, "Delta Lake
 * tables: Get started"); the comment above each says what the log will show.
 */
export function athenaDdl(lake: string, database = 'sparkify'): string {
  if (!isS3Uri(lake)) throw new UserError(`athena-ddl needs an s3:// lake (Athena reads S3 only), got "${lake}"`);
  if (!/^[a-z_][a-z0-9_]*$/.test(database)) throw new UserError(`--database must be lower-case letters, digits and _ (Athena's rule), got "${database}"`);
  const { bucket, key } = parseS3Uri(lake);
  return TABLES.map((table) => {
    const location = `s3://${bucket}/${joinKey(key, table.name)}/`;
    const partitions = table.partitionBy.length > 0 ? `partitioned by ${table.partitionBy.join(', ')}` : 'not partitioned';
    // TIME is a reserved word in Athena's DDL: a table named time is written in backticks.
    const name = DDL_RESERVED.has(table.name) ? `\`${table.name}\`` : table.name;
    return [
      `-- ${table.name}: ${partitions}; key ${table.key.join(', ')}`,
      `CREATE EXTERNAL TABLE IF NOT EXISTS ${database}.${name} LOCATION '${location}' TBLPROPERTIES ('table_type' = 'DELTA');`,
    ].join('\n');
  }).join('\n');
}
