import type { Column, TableInput } from '@aws-sdk/client-glue';
import type { CatalogColumn, CatalogTableDefinition } from './catalog-table-definition';

/**
 * The table parameters that make a Glue table a Delta table: `table_type = DELTA` is what Athena's native Delta
 * reader looks for (it then reads the schema and files from the Delta log at the location); Spark on EMR or Glue
 * jobs, using Glue as their metastore, resolve a table with `spark.sql.sources.provider = delta` through Delta Lake
 * at the SerDe `path`.
 */
export const DELTA_TABLE_PARAMETERS: Record<string, string> = {
  table_type: 'DELTA',
  'spark.sql.sources.provider': 'delta',
  EXTERNAL: 'TRUE',
};

/**
 * The storage Spark itself records for a data-source table: a placeholder format. A reader that ignores the Delta
 * parameters and reads the location as plain Hive Parquet would see every kept version's files, duplicated rows
 * and all; with this it fails instead of answering wrongly.
 */
export const DELTA_PLACEHOLDER_STORAGE = {
  InputFormat: 'org.apache.hadoop.mapred.SequenceFileInputFormat',
  OutputFormat: 'org.apache.hadoop.hive.ql.io.HiveSequenceFileOutputFormat',
  SerializationLibrary: 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe',
};

/** Glue's limits on descriptions (CreateTable refuses longer ones). */
const MAX_TABLE_DESCRIPTION = 2048;
const MAX_COLUMN_COMMENT = 255;

function fit(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function glueColumn(column: CatalogColumn): Column {
  return { Name: column.name, Type: column.type, ...(column.description ? { Comment: fit(column.description, MAX_COLUMN_COMMENT) } : {}) };
}

/**
 * The Glue TableInput of a table's catalog definition: an external Delta table at its location, with the columns,
 * partition keys and descriptions the catalog declares (Athena and Lake Formation show them; Athena reads the data
 * through the Delta log either way).
 */
export function glueTableInput(table: CatalogTableDefinition): TableInput {
  return {
    Name: table.name,
    Description: fit(table.description, MAX_TABLE_DESCRIPTION),
    TableType: 'EXTERNAL_TABLE',
    Parameters: { ...DELTA_TABLE_PARAMETERS },
    StorageDescriptor: {
      Location: table.location,
      Columns: table.columns.map(glueColumn),
      InputFormat: DELTA_PLACEHOLDER_STORAGE.InputFormat,
      OutputFormat: DELTA_PLACEHOLDER_STORAGE.OutputFormat,
      SerdeInfo: {
        SerializationLibrary: DELTA_PLACEHOLDER_STORAGE.SerializationLibrary,
        Parameters: { path: table.location, 'serialization.format': '1' },
      },
    },
    PartitionKeys: table.partitionKeys.map(glueColumn),
  };
}
