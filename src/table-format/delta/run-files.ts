import * as path from 'node:path';
import type { TableDef } from '../../catalog/types';
import { parsePartitionPath } from '../../core/hive-partitions';
import type { AddAction } from '../../delta/actions';
import { encodeDataPath } from '../../delta/data-path';
import { isHidden } from '../../ingest/source-files';
import type { Storage } from '../../storage/storage';
import type { DataFile } from '../table-format';

/** The Parquet files an engine wrote under a folder, relative to it, sorted (names starting with `_` or `.` skipped, as readers do). */
export async function parquetFilesBelow(folder: Storage): Promise<DataFile[]> {
  return (await folder.list())
    .filter((o) => o.key.endsWith('.parquet') && !o.key.split('/').some(isHidden))
    .map((o) => ({ path: o.key, bytes: o.size }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * The Delta add actions for the files a run wrote under `<table>/<runId>/`: paths relative to the table root
 * (URL-encoded per the protocol), partition values from the Hive folder names (`__HIVE_DEFAULT_PARTITION__` → null),
 * and the file's stats when it has them.
 * No engine needs to know Delta: they write Hive-partitioned Parquet where they are told.
 */
export function runFileAdds(table: TableDef, runId: string, files: DataFile[], now: number = Date.now()): AddAction[] {
  return files.map((file) => {
    const values = parsePartitionPath(path.posix.dirname(file.path));
    const partitionValues: Record<string, string | null> = {};
    for (const column of table.partitionBy) partitionValues[column] = values[column] ?? null;
    const add: AddAction = { path: encodeDataPath(`${runId}/${file.path}`), partitionValues, size: file.bytes, modificationTime: now, dataChange: true };
    return file.stats === undefined ? add : { ...add, stats: file.stats };
  });
}
