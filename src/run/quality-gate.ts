import { TABLES } from '../catalog/tables';
import type { BuildResult } from '../core/run-contract';
import type { Progress } from '../progress';
import pl from 'nodejs-polars';
import type { DataFile, MergeCommit, TableFormat, TableRef } from '../table-format/table-format';
import { blockingFailures, type CheckResult } from '../quality/check-result';
import { failureList, formatCheckResults, checkSummaryLine } from '../quality/format-check-results';
import { reconciliationCounts, type RunManifest } from '../lake-log/run-manifest';
import { checkStoredTables } from '../table-format/check-stored-tables';
import { checkMergedTables, mergedTables } from './merged-tables';
import { evaluateGuards, lakeFigures } from './publish-guards';
import { dailyPlaysOf, type DailyPlays } from '../lake-log/play-days';
import { NO_PHASES, type Phases } from '../core/phase-timer';

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
  run: { runId: string; engine: string; input: string } & Partial<RunManifest>,
  locations: Record<string, string>,
  progress: Progress,
  merge?: MergeCommit,
  files?: Record<string, DataFile[]>,
  phases: Phases = NO_PHASES,
): Promise<RunManifest> {
  const manifest: RunManifest = {
    ...run,
    drift: result.drift,
    finishedAt: new Date().toISOString(),
    sources: result.sources,
    nextSongEvents: result.nextSongEvents ?? null,
    tables: result.tables,
    quarantined: result.quarantined,
    checks: [],
    // Only when the engine reported one: the manifests of runs on the other engines stay as they were.
    ...(result.cost ? { cost: result.cost } : {}),
  };
  const refs: Record<string, TableRef> = Object.fromEntries(TABLES.map((t) => [t.name, { table: t.name, location: locations[t.name], files: files?.[t.name] }]));
  // Plays per day of songplays as the run leaves it, and the days the run added: for the volume guard, `status` and
  // the report. A group-by over start_time of frames the gate holds anyway (or of that one column, read back).
  let added: DailyPlays;
  const stopChecks = phases.start(['gate', 'checks']);
  if (merge) {
    // An incremental run's tables are checked as they would be committed (the lake's rows and the run's); an appended
    // table the kit checked before has its row checks run over the new rows only (merged-tables.ts).
    const merged = await mergedTables(format, refs, merge, manifest);
    const rowsOnly = Object.keys(merged.added);
    if (rowsOnly.length > 0) progress.log(`gate: row checks of ${rowsOnly.join(', ')} over the rows this run appends (run ${merge.baseRunId} checked the rest)`);
    manifest.checks = await checkMergedTables(merged, reconciliationCounts(manifest));
    // The base's days plus the appended rows (what the merged table counts); a replaced table counts whole.
    manifest.dailyPlays = dailyPlaysOf(merged.whole.songplays);
    added = merge.modes.songplays === 'append' ? dailyPlaysOf(merged.runSongplays!) : merge.modes.songplays === 'overwrite' ? manifest.dailyPlays : {};
  } else {
    const tables = result.frames ? framesAsTables(result.frames) : format;
    manifest.checks = await checkStoredTables(tables, refs, Object.fromEntries(result.tables.map((t) => [t.table, t.rows])), reconciliationCounts(manifest));
    manifest.dailyPlays = dailyPlaysOf(await tables.readTable(refs.songplays, ['start_time']));
    added = manifest.dailyPlays;
  }
  stopChecks();
  // The guards against publishing a worse lake, from the lake's current tables and the run's own counts.
  const stopGuards = phases.start(['gate', 'guards']);
  const lake = await lakeFigures(format);
  const guards = evaluateGuards(
    {
      manifest,
      files: files ?? {},
      incremental: merge !== undefined,
      overrides: run.overrides ?? [],
      dailyPlays: manifest.dailyPlays,
      addedDays: Object.keys(added).filter((day) => added[day] > 0),
    },
    lake,
  );
  manifest.checks = [...manifest.checks, ...guards];
  stopGuards();
  progress.log(checkSummaryLine(manifest.checks));
  if (manifest.checks.some((c) => c.status !== 'pass')) progress.log(formatCheckResults(manifest.checks, { onlyProblems: true }));
  if (blockingFailures(manifest.checks).length > 0) throw new QualityGateError(manifest.checks);
  return manifest;
}

/** The engine's frames of a run's tables, read as the format reads the written tables (by name, chosen columns). */
function framesAsTables(frames: Record<string, pl.DataFrame>): Pick<TableFormat, 'readTable'> {
  return {
    readTable: async (ref, only) => {
      const frame = frames[ref.table];
      if (!frame) throw new Error(`the engine handed the gate no frame of ${ref.table}`);
      return only ? frame.select(...only) : frame;
    },
  };
}
