import { TABLES } from '../catalog/tables';
import { QUARANTINE_DIR, type BuildResult } from '../core/run-contract';
import type { Lake } from '../table-format/hive-pointers/lake';
import type { Progress } from '../progress';
import type { CheckResult } from '../quality/check-result';
import { gateRun } from './quality-gate';
import { RUN_MANIFEST_DIR } from '../quality/run-manifest';

/** Everything one run writes to the lake, each published on its own: the tables, the quarantine, the manifest. */
export const RUN_OUTPUTS: string[] = [...TABLES.map((t) => t.name), QUARANTINE_DIR, RUN_MANIFEST_DIR];

/**
 * The end of a run whose engine has written every output: checks all tables, then publishes each output.
 * A blocking check failure throws before anything is published: tables reference each other, so publishing
 * only the passing ones could leave a lake that fails its own checks.
 */
export async function checkAndPublish(
  lake: Lake,
  run: { runId: string; engine: string; input: string },
  result: BuildResult,
  locations: Record<string, string>,
  progress: Progress,
): Promise<CheckResult[]> {
  const checks = await gateRun(result, run, locations, progress);
  for (const name of RUN_OUTPUTS) await lake.publish(run.runId, name);
  progress.log(`published ${result.tables.length} tables and the quarantine`);
  return checks;
}
