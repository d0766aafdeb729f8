import { TABLES } from '../catalog/tables';
import { UserError } from '../errors';
import { joinLocation, publishedLocation } from '../io/lake-files';
import { readTableFrom } from '../io/read-published-table';
import type { CheckResult } from '../quality/check-result';
import type { TableFrames } from '../quality/evaluate-check';
import { readRunManifest } from '../quality/read-manifest';
import { reconciliationCounts, RUN_MANIFEST_DIR, type RunManifest } from '../quality/run-manifest';
import { runChecks } from '../quality/run-checks';

export interface LakeCheck {
  results: CheckResult[];
  /** The manifest of the run that published the lake; null for a lake written before manifests existed. */
  manifest: RunManifest | null;
}

/** Reads every catalog table from its location (a published table, or a run's unpublished version). */
export async function readTableFrames(locations: Record<string, string>): Promise<TableFrames> {
  const frames: TableFrames = {};
  for (const table of TABLES) frames[table.name] = await readTableFrom(locations[table.name], table.name);
  return frames;
}

/** Where each table and the manifest of a written lake live. */
export async function lakeLocations(output: string): Promise<Record<string, string>> {
  const locations: Record<string, string> = {};
  const missing: string[] = [];
  for (const name of [...TABLES.map((t) => t.name), RUN_MANIFEST_DIR]) {
    const location = await publishedLocation(output, name);
    if (location) locations[name] = location;
    else if (name !== RUN_MANIFEST_DIR) missing.push(name);
  }
  if (missing.length > 0) {
    throw new UserError(`${output} has no ${missing.join(', ')} table; point --output at a lake written by sparkify etl`);
  }
  // A lake written before run manifests existed has none: its reconciliation is reported skipped.
  locations[RUN_MANIFEST_DIR] ??= joinLocation(output, RUN_MANIFEST_DIR);
  return locations;
}

/** Runs every check on a written lake, reconciling against the manifest published with it. */
export async function checkLake(output: string): Promise<LakeCheck> {
  const locations = await lakeLocations(output);
  const manifest = await readRunManifest(locations[RUN_MANIFEST_DIR]);
  const frames = await readTableFrames(locations);
  return { results: runChecks(frames, reconciliationCounts(manifest)), manifest };
}
