import { TABLES } from '../catalog/tables';
import { partitioningOf } from '../table-format/parquet-table';
import { analyzeTableSkew, type TableSkew } from '../layout/skew';
import { openPublishedLake, type PublishedLake } from './published-lake';

/** The skew figures of every table of a written lake, a folder or an s3:// prefix. */
export async function analyzeSkew(output: string | PublishedLake): Promise<TableSkew[]> {
  const lake = typeof output === 'string' ? await openPublishedLake(output) : output;
  const result: TableSkew[] = [];
  for (const table of TABLES) {
    const ref = lake.tables[table.name];
    const files = await lake.format.listFiles(ref);
    // Figures for the layout the table has (an older lake may be laid out otherwise than the catalog says now).
    const laidOut = { ...table, partitionBy: partitioningOf(files, table.partitionBy) };
    result.push(analyzeTableSkew(files, await lake.format.readTable({ ...ref, files }), laidOut));
  }
  return result;
}
