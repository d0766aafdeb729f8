import * as path from 'node:path';
import type { DataFile } from '../core/run-contract';

export interface PartitionFileStat {
  /** The partition folder, e.g. `year=2018/month=11`; '' for files at the table's root (an unpartitioned table). */
  partition: string;
  files: number;
  bytes: number;
}

/**
 * The Hive partition path of a data file: the `column=value` folders right above it. Folders above those are not
 * partitions (a Delta table's run folder, `<runId>/year=2018/…`), so the same partition has the same name in every run.
 */
export function partitionPath(file: string): string {
  const folders = path.posix.dirname(file).split('/');
  let first = folders.length;
  while (first > 0 && /^[^=/]+=/.test(folders[first - 1])) first--;
  return folders.slice(first).join('/');
}

/** Files and bytes per partition folder of a table's data files, in the files' order. */
export function filesByPartition(files: DataFile[]): PartitionFileStat[] {
  const byPartition = new Map<string, PartitionFileStat>();
  for (const file of files) {
    const partition = partitionPath(file.path);
    const stat = byPartition.get(partition) ?? { partition, files: 0, bytes: 0 };
    stat.files++;
    stat.bytes += file.bytes;
    byPartition.set(partition, stat);
  }
  return [...byPartition.values()];
}
