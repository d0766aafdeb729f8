import type { CheckResult } from '../quality/check-result';
import type { RunManifest } from '../quality/run-manifest';
import { reconciliationCounts } from '../quality/run-manifest';
import { runChecks } from '../quality/run-checks';
import { readTables } from '../table-format/read-table';
import { openPublishedLake } from './published-lake';

export interface LakeCheck {
  results: CheckResult[];
  /** The manifest of the run that published the lake; null for a lake written before manifests existed. */
  manifest: RunManifest | null;
}

/** Runs every check on a written lake, reconciling against the manifest published with it. */
export async function checkLake(output: string): Promise<LakeCheck> {
  const lake = await openPublishedLake(output);
  const frames = await readTables(lake.format, lake.tables);
  return { results: await runChecks(frames, reconciliationCounts(lake.manifest)), manifest: lake.manifest };
}
