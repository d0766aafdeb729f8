import type pl from 'nodejs-polars';
import { TABLES } from '../catalog/tables';
import { openTableFormat } from './open-table-format';
import type { TableFormat, TableRef } from './table-format';

/**
 * Reads a published table of a lake, a folder or an s3:// prefix, as its format says where it is: the one way
 * to read a table back (tests, notebooks, checks). Every column in its catalog type and order.
 */
export async function readTable(lake: string, tableName: string): Promise<pl.DataFrame> {
  const format = openTableFormat(lake);
  const location = await format.publishedLocation(tableName);
  if (!location) throw new Error(`${lake}: table ${tableName} was never published`);
  return format.readTable({ table: tableName, location });
}

/** Every catalog table of a lake or a run, read as frames, by name. */
export async function readTables(format: TableFormat, refs: Record<string, TableRef>): Promise<Record<string, pl.DataFrame>> {
  const frames: Record<string, pl.DataFrame> = {};
  for (const table of TABLES) frames[table.name] = await format.readTable(refs[table.name]);
  return frames;
}
