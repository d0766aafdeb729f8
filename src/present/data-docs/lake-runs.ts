import type { CheckResult } from '../../quality/check-result';
import { readRunManifest } from '../../lake-log/read-manifest';
import { lakeStatus, type RunStatus } from '../../lake/lake-status';
import { asLake, type Lake } from '../../table-format/open-lake';

/** How many runs the page shows, newest first. */
export const RUNS_SHOWN = 10;

/** A run as the data docs show it: `sparkify status`'s view of it, and the guards and checks its manifest records. */
export interface RunDocs {
  status: RunStatus;
  guards: { passed: number; warned: string[]; failed: string[]; overridden: string[] };
  checks: { passed: number; failed: string[]; warned: string[]; skipped: number };
  /** Every check and guard result of the run, as recorded. */
  results: CheckResult[];
}

export interface LakeRuns {
  lake: string;
  /** Newest committed first, at most RUNS_SHOWN. */
  runs: RunDocs[];
  /** Kept run manifests in all. */
  total: number;
}

/** The lake's latest runs, read with lakeStatus (the `sparkify status` view) and each run's manifest. */
export async function lakeRuns(opened: Lake | string): Promise<LakeRuns> {
  const lake = asLake(opened);
  const status = await lakeStatus(lake);
  const runs: RunDocs[] = [];
  for (const run of status.runs.slice(0, RUNS_SHOWN)) {
    const results = (await readRunManifest(lake.storage, run.runId))?.checks ?? [];
    const guards = results.filter((r) => r.kind === 'guard');
    const checks = results.filter((r) => r.kind !== 'guard');
    runs.push({
      status: run,
      guards: {
        passed: guards.filter((g) => g.status === 'pass').length,
        warned: run.guardsWarned,
        failed: guards.filter((g) => g.status === 'fail' && g.severity === 'error').map((g) => g.name),
        overridden: run.overrides,
      },
      checks: {
        passed: checks.filter((c) => c.status === 'pass').length,
        failed: checks.filter((c) => c.status === 'fail' && c.severity === 'error').map((c) => c.name),
        warned: checks.filter((c) => c.status === 'fail' && c.severity === 'warn').map((c) => c.name),
        skipped: checks.filter((c) => c.status === 'skipped').length,
      },
      results,
    });
  }
  return { lake: lake.location, runs, total: status.runs.length };
}
