import type pl from 'nodejs-polars';
import { isHidden } from '../../ingest/source-files';
import { openStorage } from '../../storage/open-storage';
import { isS3Uri } from '../../storage/s3-uri';
import { readParquetTable } from '../parquet-table';
import type { DataFile, TableFormat, TableRef } from '../table-format';
import { LocalLake } from './folder-lake';
import type { PointerLake } from './pointer-lake';
import { S3Lake } from './s3-lake';

/**
 * The kit's first table format: each table is Hive-partitioned Parquet in a version folder of its own,
 * `_versions/<table>/<run>/`, and publishing points `_current/<table>.json` (and, in a folder, the symlink
 * `<table>`) at it. A version holds exactly one run's files, so listing a location finds a table's data files.
 */
export class HivePointerFormat implements TableFormat {
  readonly name = 'hive-pointers';
  private readonly lake: PointerLake;

  constructor(readonly root: string) {
    this.lake = isS3Uri(root) ? new S3Lake(root) : new LocalLake(root);
  }

  begin(runId: string, names: string[]): Promise<Record<string, string>> {
    return this.lake.begin(runId, names);
  }

  plannedLocations(runId: string, names: string[]): Record<string, string> {
    return this.lake.plannedLocations(runId, names);
  }

  publish(runId: string, name: string): Promise<void> {
    return this.lake.publish(runId, name);
  }

  end(runId: string, succeeded: boolean): Promise<void> {
    return this.lake.end(runId, succeeded);
  }

  async publishedRun(name: string): Promise<string | null> {
    return (await this.lake.current(name))?.run ?? null;
  }

  publishedLocation(name: string): Promise<string | null> {
    return this.lake.publishedLocation(name);
  }

  /** The Parquet files below the location (names starting with `_` or `.` skipped, as readers do). */
  async listFiles(ref: TableRef): Promise<DataFile[]> {
    if (ref.files) return ref.files;
    const objects = await openStorage(ref.location).list();
    return objects
      .filter((o) => o.key.endsWith('.parquet') && !o.key.split('/').some(isHidden))
      .map((o) => ({ path: o.key, bytes: o.size }))
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  async readTable(ref: TableRef): Promise<pl.DataFrame> {
    const files = (await this.listFiles(ref)).map((f) => f.path);
    return openStorage(ref.location).withLocalFiles(files, (dir) => readParquetTable(dir, files, ref.table));
  }
}
