import { TABLES } from '../catalog/tables';
import { UserError } from '../errors';
import { readRunManifest } from '../quality/read-manifest';
import type { RunManifest } from '../quality/run-manifest';
import { RUN_MANIFEST_DIR } from '../quality/run-manifest';
import { joinLocation } from '../storage/location';
import { openTableFormat } from '../table-format/open-table-format';
import type { TableFormat, TableRef } from '../table-format/table-format';

/** A lake written by `sparkify etl`, as its readers see it: its published tables and the run that published them. */
export interface PublishedLake {
  output: string;
  format: TableFormat;
  tables: Record<string, TableRef>;
  /** The manifest of the run that published the lake; null for a lake written before manifests existed. */
  manifest: RunManifest | null;
}

/** Opens a written lake (a folder or an s3:// prefix); one clear error when a table is missing. */
export async function openPublishedLake(output: string): Promise<PublishedLake> {
  const format = openTableFormat(output);
  const tables: Record<string, TableRef> = {};
  const missing: string[] = [];
  for (const table of TABLES) {
    const location = await format.publishedLocation(table.name);
    if (location) tables[table.name] = { table: table.name, location };
    else missing.push(table.name);
  }
  if (missing.length > 0) {
    throw new UserError(`${output} has no ${missing.join(', ')} table; point --output at a lake written by sparkify etl`);
  }
  // A lake written before run manifests existed has none: its reconciliation is reported skipped.
  const manifestLocation = (await format.publishedLocation(RUN_MANIFEST_DIR)) ?? joinLocation(output, RUN_MANIFEST_DIR);
  return { output, format, tables, manifest: await readRunManifest(manifestLocation) };
}
