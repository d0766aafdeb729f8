import { TABLES } from '../catalog/tables';
import type { BuildResult } from '../core/run-contract';
import type { Progress } from '../progress';
import { readTables } from '../table-format/read-table';
import type { TableFormat, TableRef } from '../table-format/table-format';
import { blockingFailures, type CheckResult } from '../quality/check-result';
import { failureList, formatCheckResults, checkSummaryLine } from '../quality/format-check-results';
import { reconciliationCounts, type RunManifest } from '../quality/run-manifest';
import { runChecks, runTableChecks } from '../quality/run-checks';
import { collectGarbage } from '../core/collect-garbage';
import type pl from 'nodejs-polars';
import { checkedColumns } from '../quality/checked-columns';

/** A run whose tables failed blocking checks: nothing was published. */
export class QualityGateError extends Error {
  constructor(readonly checks: CheckResult[]) {
    super(`published nothing, the previous tables stay: blocking checks failed: ${failureList(checks)}`);
    this.name = 'QualityGateError';
  }
}

/**
 * Checks a run's tables where the engine wrote them, before anything is committed, and returns the run manifest
 * (counts for reconciliation, check results) that publishing records with the committed versions.
 * Throws QualityGateError when a blocking check fails: the caller then commits nothing.
 */
export async function gateRun(
  format: TableFormat,
  result: BuildResult,
  run: { runId: string; engine: string; input: string },
  locations: Record<string, string>,
  progress: Progress,
): Promise<RunManifest> {
  const manifest: RunManifest = {
    ...run,
    finishedAt: new Date().toISOString(),
    sources: result.sources,
    nextSongEvents: result.nextSongEvents ?? null,
    tables: result.tables,
    quarantined: result.quarantined,
    checks: [],
  };
  const refs: Record<string, TableRef> = Object.fromEntries(TABLES.map((t) => [t.name, { table: t.name, location: locations[t.name] }]));
  // One table at a time, with only the columns its checks read (and its parents' keys): a large run's tables need
  // not fit in memory whole. The outcome is the same; only a failing check's example rows would lack the other
  // columns, so then every table is read whole.
  manifest.checks = [];
  for (const table of TABLES) {
    const only = checkedColumns([table]);
    const frames: Record<string, pl.DataFrame> = {};
    for (const [name, columns] of Object.entries(only)) frames[name] = await format.readTable(refs[name], columns);
    manifest.checks.push(...runTableChecks(table, frames, reconciliationCounts(manifest)));
    // The frames' native memory goes only when V8 collects their wrappers, which it does not hurry.
    collectGarbage();
  }
  if (manifest.checks.some((c) => c.status === 'fail')) {
    manifest.checks = runChecks(await readTables(format, refs), reconciliationCounts(manifest));
  }
  progress.log(checkSummaryLine(manifest.checks));
  if (manifest.checks.some((c) => c.status !== 'pass')) progress.log(formatCheckResults(manifest.checks, { onlyProblems: true }));
  if (blockingFailures(manifest.checks).length > 0) throw new QualityGateError(manifest.checks);
  return manifest;
}
