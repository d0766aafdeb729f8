import * as path from 'node:path';
import { PROJECT_ROOT } from '../project-root';
import { LAYOUT_VARIABLE, loadTableFolders } from './load-table-folders';
import type { TableDef, TableFolder } from './types';

/** One folder per table: its declaration (<name>.yml), its model (<name>.sql) and its incremental merge (merge.sql). */
export const TABLES_DIR = path.join(PROJECT_ROOT, 'src', 'tables');

/** Every table's folder, in listing order, checked at load (load-table-folders.ts), with the layouts
 *  SPARKIFY_LAYOUT picks for this process (e.g. `songs:by-artist`, the seed's folder per artist). */
export const TABLE_FOLDERS: TableFolder[] = loadTableFolders(TABLES_DIR, process.env[LAYOUT_VARIABLE] ?? '');

/**
 * The star schema, declared once. Writing, checks, docs and notebooks read this; nobody re-types a column list.
 * Partition columns are part of the table (readers with Hive partitioning get them back) but, as Spark writes them,
 * they live in folder names rather than inside the Parquet files.
 */
export const TABLES: TableDef[] = TABLE_FOLDERS.map((f) => f.table);

export function tableFolder(name: string): TableFolder {
  const folder = TABLE_FOLDERS.find((f) => f.table.name === name);
  if (!folder) throw new Error(`unknown table ${name}`);
  return folder;
}

export function tableByName(name: string): TableDef {
  const table = TABLES.find((t) => t.name === name);
  if (!table) throw new Error(`unknown table ${name}`);
  return table;
}

/** Columns stored inside the Parquet files (partition columns are in the folder names). */
export function fileColumns(table: TableDef): string[] {
  return table.columns.map((c) => c.name).filter((c) => !table.partitionBy.includes(c));
}
