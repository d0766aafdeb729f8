import { filesByPartition } from '../layout/partition-files';
import { openPublishedLake } from '../lake/published-lake';

export interface PartitionFiles {
  table: string;
  /** `year=2018/month=11`, or `(none)` for an unpartitioned table. */
  partition: string;
  files: number;
  bytes: number;
}

/** The data files of a published table, as its table format lists them. */
async function publishedFiles(lake: string, tableName: string) {
  const { format, tables } = await openPublishedLake(lake);
  return format.listFiles(tables[tableName]);
}

/** Files and bytes of each partition folder of a published table, in folder order. */
export async function partitionFiles(lake: string, tableName: string): Promise<PartitionFiles[]> {
  return filesByPartition(await publishedFiles(lake, tableName)).map((p) => ({ table: tableName, ...p, partition: p.partition || '(none)' }));
}

/** The folder tree of a published table down to its files, relative to the lake, for showing on screen. */
export async function layoutTree(lake: string, tableName: string, limit = 8): Promise<string[]> {
  const files = (await publishedFiles(lake, tableName)).map((f) => `${tableName}/${f.path}`);
  return files.length <= limit ? files : [...files.slice(0, limit), `… ${files.length - limit} more files`];
}
