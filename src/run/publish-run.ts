import { TABLES, tableByName } from '../catalog/tables';
import { QUARANTINE_DIR, type BuildResult } from '../core/run-contract';
import { withFooterStats } from '../delta/files-footer-stats';
import { UserError } from '../errors';
import type { Progress } from '../progress';
import type { CheckResult } from '../quality/check-result';
import type { RunManifest } from '../lake-log/run-manifest';
import { checkSummaryLine } from '../quality/format-check-results';
import { openStorage } from '../storage/open-storage';
import { trimSlash } from '../storage/s3-uri';
import { openTableFormat } from '../table-format/open-table-format';
import type { PublishOptions, TableFormat } from '../table-format/table-format';
import { gateRun } from './quality-gate';
import { NO_PHASES } from '../core/phase-timer';

/** Everything one run's engine writes to the lake: the tables and the quarantine (the manifest is written at commit). */
export const RUN_OUTPUTS: string[] = [...TABLES.map((t) => t.name), QUARANTINE_DIR];

/**
 * The end of a run whose engine has written every output: checks all tables, then commits them together.
 * A blocking check failure throws before anything is committed: tables reference each other, so committing
 * only the passing ones could leave a lake that fails its own checks.
 */
export async function checkAndPublish(
  format: TableFormat,
  run: { runId: string; engine: string; input: string } & Partial<RunManifest>,
  result: BuildResult,
  locations: Record<string, string>,
  progress: Progress,
  options: PublishOptions = {},
): Promise<CheckResult[]> {
  const phases = options.phases ?? NO_PHASES;
  const { manifest, runFiles } = await phases.time('gate', async () => {
    const stopStats = phases.start(['gate', 'file stats']);
    // As the engine reports them, else listed once, for the gate and the commit; each with its Delta stats, read from
    // its Parquet footer when the engine gave none (Spark and EMR write plain Parquet), so readers can skip files.
    const reported =
      result.dataFiles ??
      Object.fromEntries(await Promise.all(TABLES.map(async (t) => [t.name, await format.listFiles({ table: t.name, location: locations[t.name] })] as const)));
    const files = Object.fromEntries(
      await Promise.all(Object.entries(reported).map(async ([name, listed]) => [name, await withFooterStats(listed, tableByName(name), openStorage(locations[name]))] as const)),
    );
    stopStats();
    return { manifest: await gateRun(format, result, run, locations, progress, options.merge, files, phases), runFiles: files };
  });
  const started = performance.now();
  const committed = await phases.time('commit', () => format.publish(manifest, { progress, ...options, runFiles }));
  const versions = Object.entries(committed.versions ?? {}).map(([table, version]) => `${table} v${version}`);
  progress.log(`committed ${versions.join(', ')} in ${((performance.now() - started) / 1000).toFixed(2)} s`);
  return manifest.checks;
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
  options: PublishOptions = {},
): Promise<string | null> {
  const { runId } = run;
  const format = openTableFormat(output);
  const locations = await format.begin(runId, RUN_OUTPUTS);
  // Refusals leave the lake alone (no end(): the run's versions stay, e.g. for a step that has not finished).
  const elsewhere = Object.keys(written).find((name) => trimSlash(written[name]) !== trimSlash(locations[name]));
  if (elsewhere) throw new UserError(`run ${runId} wrote ${elsewhere} to ${written[elsewhere]}, not to --output ${output}`);
  // The published run is the latest run manifest's (its tables all committed).
  const published = (await format.latestManifest())?.runId ?? null;
  if (published === runId) {
    progress.log(`run ${runId} is already published in ${output}`);
    return null;
  }
  if (published !== null && published > runId) {
    throw new UserError(`run ${published} is already published in ${output}; publishing the older run ${runId} would roll it back`);
  }
  const built = await result();
  let succeeded = false;
  try {
    const checks = await checkAndPublish(format, run, built, locations, progress, options);
    succeeded = true;
    return checkSummaryLine(checks);
  } finally {
    await format.end(runId, succeeded);
  }
}
