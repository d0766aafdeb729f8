import type { RunManifest } from '../quality/run-manifest';
import { readSnapshot } from '../table-format/read-snapshot';
import type { TableFormat, TableRef } from '../table-format/table-format';

/** A lake written by `sparkify etl`, as its readers see it: every table at the versions of the latest committed run. */
export interface PublishedLake {
  output: string;
  format: TableFormat;
  tables: Record<string, TableRef>;
  /** The manifest of the run whose versions are read. */
  manifest: RunManifest | null;
}

/** Opens a written lake (a folder or an s3:// prefix) at its latest run's snapshot; one clear error when there is none. */
export async function openPublishedLake(output: string): Promise<PublishedLake> {
  const snapshot = await readSnapshot(output);
  return { output, format: snapshot.format, tables: snapshot.tables, manifest: snapshot.manifest };
}
