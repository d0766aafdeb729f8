import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import pl from 'nodejs-polars';
import type { TableDef } from '../catalog/types';
import { polarsColumnType } from '../parquet/polars-types';
import { fixParquetFooter } from '../parquet/strip-arrow-schema';
import type { AddAction } from './actions';
import { encodeDataPath } from './data-path';
import { fileStats } from './file-stats';
import { partitionFolder, partitionValueText } from './partition-values';

/** A unique data file name, as Spark names them: data files must never be overwritten (PROTOCOL.md "Data Files"). */
function dataFileName(index: number): string {
  return `part-${String(index).padStart(5, '0')}-${randomUUID()}.c000.snappy.parquet`;
}

/**
 * Writes the frame as the table's data files under root (a folder: the table's own, or a staging folder whose
 * layout is uploaded as is), one file per Hive partition, and returns their add actions (paths relative to root).
 * The files are invisible to Delta readers until a commit adds them.
 *
 * Every file: columns cast to the catalog's types (timestamps to UTC microseconds), partition columns left out
 * (they are in the log and the folder names), rows sorted by the table's sortBy, snappy, and no `ARROW:schema`
 * in the footer so pyarrow reads strings as `string` (see parquet/strip-arrow-schema.ts).
 */
export function writeDataFiles(frame: pl.DataFrame, table: TableDef, root: string, now: number = Date.now()): AddAction[] {
  const typed = frame.select(...table.columns.map((c) => pl.col(c.name).cast(polarsColumnType(c.type))));
  const sorted = table.sortBy.length > 0 && typed.height > 0 ? typed.sort(table.sortBy) : typed;
  const stored = table.columns.filter((c) => !table.partitionBy.includes(c.name));
  const parts = table.partitionBy.length === 0 || sorted.height === 0 ? [sorted] : sorted.partitionBy(table.partitionBy, true, true);
  const adds: AddAction[] = [];
  for (const [index, part] of parts.entries()) {
    // A partitioned table with no rows gets no file; an unpartitioned one keeps an empty file with the schema.
    if (part.height === 0 && table.partitionBy.length > 0) continue;
    const first = part.height === 0 ? [] : (part.row(0) as unknown[]);
    const partitionValues: Record<string, string | null> = {};
    for (const c of table.partitionBy) partitionValues[c] = partitionValueText(first[part.columns.indexOf(c)]);
    const folder = partitionFolder(table.partitionBy, partitionValues);
    const key = folder === '' ? dataFileName(index) : `${folder}/${dataFileName(index)}`;
    const file = path.join(root, ...key.split('/'));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const data = part.select(...stored.map((c) => c.name));
    data.writeParquet(file, { compression: 'snappy' });
    fixParquetFooter(file);
    adds.push({
      path: encodeDataPath(key),
      partitionValues,
      size: fs.statSync(file).size,
      modificationTime: now,
      dataChange: true,
      stats: fileStats(data, stored),
    });
  }
  return adds;
}
