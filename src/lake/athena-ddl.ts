import { UserError } from '../errors';
import { isCatalogDatabaseName } from '../core/catalog-target';
import { isS3Uri } from '../storage/s3-uri';
import { catalogTableDefinitions, type CatalogTableDefinition } from './catalog-table-definition';

/** Athena DDL reserved words that are, or could become, star table names. */
const DDL_RESERVED = new Set(['time', 'date', 'timestamp', 'user', 'table', 'partition', 'order', 'group']);

/**
 * One table's statement. Athena reads the schema and partitions from the Delta log, so a Delta table's CREATE may
 * hold only LOCATION and table_type (AWS docs, "Delta Lake tables: Get started"); the comment above it says what
 * the log will show. The Glue sync registers the same definition with its columns spelled out.
 */
export function athenaTableDdl(table: CatalogTableDefinition, database: string): string {
  const partitions = table.partitionKeys.length > 0 ? `partitioned by ${table.partitionKeys.map((c) => c.name).join(', ')}` : 'not partitioned';
  // TIME is a reserved word in Athena's DDL: a table named time is written in backticks.
  const name = DDL_RESERVED.has(table.name) ? `\`${table.name}\`` : table.name;
  return [
    `-- ${table.name}: ${partitions}; key ${table.key.join(', ')}`,
    `CREATE EXTERNAL TABLE IF NOT EXISTS ${database}.${name} LOCATION '${table.location}' TBLPROPERTIES ('table_type' = 'DELTA');`,
  ].join('\n');
}

/** Athena's DDL for the lake's Delta tables, one statement per star table. */
export function athenaDdl(lake: string, database = 'sparkify'): string {
  if (!isS3Uri(lake)) throw new UserError(`athena-ddl needs an s3:// lake (Athena reads S3 only), got "${lake}"`);
  if (!isCatalogDatabaseName(database)) throw new UserError(`--database must be lower-case letters, digits and _ (Athena's rule), got "${database}"`);
  return catalogTableDefinitions(lake)
    .map((table) => athenaTableDdl(table, database))
    .join('\n');
}
