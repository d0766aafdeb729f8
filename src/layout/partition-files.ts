import * as path from 'node:path';
import type { DataFile } from '../core/run-contract';

export interface PartitionFileStat {
  /** The partition folder, e.g. `year=2018/month=11`; '' for files at the table's root (an unpartitioned table). */
  partition: string;
  files: number;
  bytes: number;
}

/** Files and bytes per partition folder of a table's data files, in the files' order. */
export function filesByPartition(files: DataFile[]): PartitionFileStat[] {
  const byPartition = new Map<string, PartitionFileStat>();
  for (const file of files) {
    const folder = path.posix.dirname(file.path);
    const partition = folder === '.' ? '' : folder;
    const stat = byPartition.get(partition) ?? { partition, files: 0, bytes: 0 };
    stat.files++;
    stat.bytes += file.bytes;
    byPartition.set(partition, stat);
  }
  return [...byPartition.values()];
}
