import { TABLES } from '../catalog/tables';
import type { ColumnType, TableDef } from '../catalog/types';
import { parseS3Uri, joinKey } from '../storage/s3-uri';

/** A column as a data catalog declares it: its Hive type name (what Glue and Athena's DDL call it). */
export interface CatalogColumn {
  name: string;
  type: string;
  description: string;
}

/**
 * One star table as a data catalog registers it. `athena-ddl` prints its DDL from this and the Glue sync builds
 * its TableInput from this, so the two cannot disagree.
 */
export interface CatalogTableDefinition {
  name: string;
  /** The Delta table's root, as Athena and Glue want it: s3://bucket/prefix/<table>/ (whatever s3a:// form was given). */
  location: string;
  description: string;
  /** The columns stored in the Parquet files, in the catalog's order. */
  columns: CatalogColumn[];
  /** The partition columns, in folder order. */
  partitionKeys: CatalogColumn[];
  /** The columns that identify a row. */
  key: string[];
}

/** The Hive names of the catalog's types; a type added to ColumnType fails to compile until it is named here. */
const HIVE_TYPES: Record<ColumnType, string> = {
  bigint: 'bigint',
  int: 'int',
  double: 'double',
  string: 'string',
  timestamp: 'timestamp',
};

/** A star table's catalog definition in an s3:// lake (the callers refuse a folder lake, each in its own words). */
export function catalogTableDefinition(lake: string, table: TableDef): CatalogTableDefinition {
  const { bucket, key } = parseS3Uri(lake);
  const column = (name: string): CatalogColumn => {
    const c = table.columns.find((col) => col.name === name);
    if (!c) throw new Error(`table ${table.name}: partition column ${name} is not one of its columns`);
    return { name: c.name, type: HIVE_TYPES[c.type], description: c.doc };
  };
  return {
    name: table.name,
    location: `s3://${bucket}/${joinKey(key, table.name)}/`,
    description: table.doc,
    columns: table.columns.filter((c) => !table.partitionBy.includes(c.name)).map((c) => column(c.name)),
    partitionKeys: table.partitionBy.map(column),
    key: [...table.key],
  };
}

/** Every star table's catalog definition, in the catalog's order (or those of `tables`, e.g. the ones a lake has). */
export function catalogTableDefinitions(lake: string, tables: TableDef[] = TABLES): CatalogTableDefinition[] {
  return tables.map((t) => catalogTableDefinition(lake, t));
}
