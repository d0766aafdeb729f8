import { TABLES } from '../catalog/tables';
import { QUARANTINE_DIR, type BuildResult } from '../core/run-contract';
import { UserError } from '../errors';
import type { Progress } from '../progress';
import type { CheckResult } from '../quality/check-result';
import { checkSummaryLine } from '../quality/format-check-results';
import { RUN_MANIFEST_DIR } from '../quality/run-manifest';
import { trimSlash } from '../storage/s3-uri';
import { openTableFormat } from '../table-format/open-table-format';
import type { TableFormat } from '../table-format/table-format';
import { gateRun } from './quality-gate';

/** Everything one run writes to the lake, each published on its own: the tables, the quarantine, the manifest. */
export const RUN_OUTPUTS: string[] = [...TABLES.map((t) => t.name), QUARANTINE_DIR, RUN_MANIFEST_DIR];

/**
 * The end of a run whose engine has written every output: checks all tables, then publishes each output.
 * A blocking check failure throws before anything is published: tables reference each other, so publishing
 * only the passing ones could leave a lake that fails its own checks.
 */
export async function checkAndPublish(
  format: TableFormat,
  run: { runId: string; engine: string; input: string },
  result: BuildResult,
  locations: Record<string, string>,
  progress: Progress,
): Promise<CheckResult[]> {
  const checks = await gateRun(format, result, run, locations, progress);
  for (const name of RUN_OUTPUTS) await format.publish(run.runId, name);
  progress.log(`published ${result.tables.length} tables and the quarantine`);
  return checks;
}

/**
 * Gates and publishes a run that an engine finished while nobody waited (EMR --no-wait): the checks summary line,
 * or null when the run is already published. Refuses a run that wrote elsewhere, and one older than what is
 * published (publishing it would roll the lake back). `result` is read only once those checks pass.
 */
export async function publishFinishedRun(
  output: string,
  run: { runId: string; engine: string; input: string },
  written: Record<string, string>,
  result: () => Promise<BuildResult>,
  progress: Progress,
): Promise<string | null> {
  const { runId } = run;
  const format = openTableFormat(output);
  const locations = await format.begin(runId, RUN_OUTPUTS);
  // Refusals leave the lake alone (no end(): the run's versions stay, e.g. for a step that has not finished).
  const elsewhere = Object.keys(written).find((name) => trimSlash(written[name]) !== trimSlash(locations[name]));
  if (elsewhere) throw new UserError(`run ${runId} wrote ${elsewhere} to ${written[elsewhere]}, not to --output ${output}`);
  const current = await Promise.all(RUN_OUTPUTS.map(async (name) => ({ name, run: await format.publishedRun(name) })));
  if (current.every((c) => c.run === runId)) {
    progress.log(`run ${runId} is already published in ${output}`);
    return null;
  }
  const newer = current.find((c) => c.run !== null && c.run > runId);
  if (newer) throw new UserError(`run ${newer.run} is already published in ${output} (${newer.name}); publishing the older run ${runId} would roll it back`);
  const built = await result();
  let succeeded = false;
  try {
    const checks = await checkAndPublish(format, run, built, locations, progress);
    succeeded = true;
    return checkSummaryLine(checks);
  } finally {
    await format.end(runId, succeeded);
  }
}
