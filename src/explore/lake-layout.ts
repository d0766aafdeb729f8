import * as fs from 'node:fs';
import * as path from 'node:path';
import { tableByName } from '../catalog/tables';
import { tableFiles } from '../io/read-table';

export interface PartitionFiles {
  table: string;
  /** `year=2018/month=11`, or `(none)` for an unpartitioned table. */
  partition: string;
  files: number;
  bytes: number;
}

/** Files and bytes of each partition folder of a published table, in folder order. */
export function partitionFiles(outputDir: string, tableName: string): PartitionFiles[] {
  const table = tableByName(tableName);
  const tableDir = path.join(outputDir, tableName);
  const byPartition = new Map<string, PartitionFiles>();
  for (const rel of tableFiles(tableDir)) {
    const folder = path.posix.dirname(rel);
    const partition = table.partitionBy.length === 0 || folder === '.' ? '(none)' : folder;
    const entry = byPartition.get(partition) ?? { table: tableName, partition, files: 0, bytes: 0 };
    entry.files++;
    entry.bytes += fs.statSync(path.join(tableDir, rel)).size;
    byPartition.set(partition, entry);
  }
  return [...byPartition.values()];
}

/** The folder tree of a published table down to its files, relative to the output, for showing on screen. */
export function layoutTree(outputDir: string, tableName: string, limit = 8): string[] {
  const files = tableFiles(path.join(outputDir, tableName)).map((f) => `${tableName}/${f}`);
  return files.length <= limit ? files : [...files.slice(0, limit), `… ${files.length - limit} more files`];
}
