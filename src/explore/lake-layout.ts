import * as fs from 'node:fs';
import * as path from 'node:path';
import { filesByPartition } from '../layout/partition-files';
import { tableFiles } from '../table-format/parquet-table';

export interface PartitionFiles {
  table: string;
  /** `year=2018/month=11`, or `(none)` for an unpartitioned table. */
  partition: string;
  files: number;
  bytes: number;
}

/** Files and bytes of each partition folder of a published table, in folder order. */
export function partitionFiles(outputDir: string, tableName: string): PartitionFiles[] {
  const tableDir = path.join(outputDir, tableName);
  const files = tableFiles(tableDir).map((rel) => ({ path: rel, bytes: fs.statSync(path.join(tableDir, rel)).size }));
  return filesByPartition(files).map((p) => ({ table: tableName, ...p, partition: p.partition || '(none)' }));
}

/** The folder tree of a published table down to its files, relative to the output, for showing on screen. */
export function layoutTree(outputDir: string, tableName: string, limit = 8): string[] {
  const files = tableFiles(path.join(outputDir, tableName)).map((f) => `${tableName}/${f}`);
  return files.length <= limit ? files : [...files.slice(0, limit), `… ${files.length - limit} more files`];
}
