import type { RunManifest } from '../lake-log/run-manifest';
import type { Lake } from '../table-format/open-lake';
import { readSnapshot } from '../table-format/read-snapshot';
import type { LakeState, TableFormat, TableRef } from '../table-format/table-format';

/** A lake written by `sparkify etl`, as its readers see it: every table at its latest version. */
export interface PublishedLake {
  output: string;
  format: TableFormat;
  tables: Record<string, TableRef>;
  /** The manifest of the latest run committed whole (null: none, or written before manifests existed). */
  manifest: RunManifest | null;
  state: LakeState;
}

/** Opens a written lake (a folder or an s3:// prefix) at its tables' latest versions; one clear error when there is none. */
export async function openPublishedLake(lake: Lake | string): Promise<PublishedLake> {
  const snapshot = await readSnapshot(lake);
  return { output: snapshot.output, format: snapshot.format, tables: snapshot.tables, manifest: snapshot.manifest, state: snapshot.state };
}
