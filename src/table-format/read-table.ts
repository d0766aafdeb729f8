import type pl from 'nodejs-polars';
import { TABLES } from '../catalog/tables';
import { readSnapshot } from './read-snapshot';
import type { TableFormat, TableRef } from './table-format';

/**
 * Reads a table of a lake (a folder or an s3:// prefix) at the version of the lake's latest committed run:
 * the one way to read a table back (tests, notebooks). Every column in its catalog type and order. Like every read
 * of a table, it goes through the lake's TableFormat.readTable (parquet-table.ts reads the files).
 */
export async function readTable(lake: string, tableName: string): Promise<pl.DataFrame> {
  const snapshot = await readSnapshot(lake);
  return snapshot.format.readTable(snapshot.tables[tableName]);
}

/** Every catalog table of a lake or a run, read as frames, by name; `only` picks each table's columns to read. */
export async function readTables(
  format: Pick<TableFormat, 'readTable'>,
  refs: Record<string, TableRef>,
  only?: Record<string, string[]>,
): Promise<Record<string, pl.DataFrame>> {
  const frames: Record<string, pl.DataFrame> = {};
  for (const table of TABLES) frames[table.name] = await format.readTable(refs[table.name], only?.[table.name]);
  return frames;
}
