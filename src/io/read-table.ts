import * as fs from 'node:fs';
import * as path from 'node:path';
import pl from 'nodejs-polars';
import { tableByName } from '../catalog/tables';
import { polarsColumnType } from '../engines/local/polars-types';
import { parsePartitionPath } from './hive-partitions';

/** Parquet files of a written table, relative to the table folder, sorted. */
export function tableFiles(tableDir: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('_') || entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.parquet')) found.push(path.relative(tableDir, full).split(path.sep).join('/'));
    }
  };
  walk(tableDir);
  return found.sort();
}

/**
 * Reads a published table back with its partition columns restored from the folder names and every column
 * cast to its catalog type, in catalog column order.
 */
export function readTable(outputDir: string, tableName: string): pl.DataFrame {
  return readTableDir(path.join(outputDir, tableName), tableName);
}

/** Reads the table whose files are under tableDir (a published table, or one version of it). */
export function readTableDir(tableDir: string, tableName: string): pl.DataFrame {
  const table = tableByName(tableName);
  const frames = tableFiles(tableDir).map((rel) => {
    let frame = pl.readParquet(path.join(tableDir, rel));
    const values = parsePartitionPath(path.posix.dirname(rel));
    for (const column of table.partitionBy) {
      frame = frame.withColumn(pl.lit(values[column] ?? null).cast(pl.Utf8).alias(column));
    }
    return frame;
  });
  const columns = table.columns.map((c) => pl.col(c.name).cast(polarsColumnType(c.type)));
  if (frames.length === 0) return pl.DataFrame(table.columns.map((c) => pl.Series(c.name, [], polarsColumnType(c.type))));
  return pl.concat(frames.map((f) => f.select(...columns)), { how: 'vertical' });
}
