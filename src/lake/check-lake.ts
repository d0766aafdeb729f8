import type { CheckResult } from '../quality/check-result';
import { reconciliationCounts, type RunManifest } from '../lake-log/run-manifest';
import type { ReconciliationCounts } from '../quality/evaluate-check';
import { checkStoredTables } from '../table-format/check-stored-tables';
import { rowsOf } from '../lake-log/play-days';
import { tableByName } from '../catalog/tables';
import { withFooterStats } from '../delta/files-footer-stats';
import { openStorage } from '../storage/open-storage';
import type { Lake } from '../table-format/open-lake';
import type { LakeState, TableRef } from '../table-format/table-format';
import { openPublishedLake } from './published-lake';

export interface LakeCheck {
  results: CheckResult[];
  /** The manifest of the latest run committed whole; null for a lake written before manifests existed. */
  manifest: RunManifest | null;
  state: LakeState;
}

/**
 * Runs every check on a lake's tables as Delta readers see them now (each table's latest version), plus the star's
 * own check: all five tables hold the same run. Songplays are reconciled against the latest run's counts only when
 * no other writer has committed to songplays since (their deletes or appends are not the run's).
 */
export async function checkLake(output: Lake | string): Promise<LakeCheck> {
  const lake = await openPublishedLake(output);
  // Each table's files with their statistics (from the Parquet footers of files another writer added without):
  // their row counts choose how each table is read, at once or in parts.
  const refs: Record<string, TableRef> = {};
  const rows: Record<string, number> = {};
  for (const [name, ref] of Object.entries(lake.tables)) {
    const files = await withFooterStats(await lake.format.listFiles(ref), tableByName(name), openStorage(ref.location));
    refs[name] = { ...ref, files };
    rows[name] = rowsOf(files)!;
  }
  const results = await checkStoredTables(lake.format, refs, rows, countsFor(lake.manifest, lake.state));
  return { results: [wholeStarResult(lake.state), ...results], manifest: lake.manifest, state: lake.state };
}

function countsFor(manifest: RunManifest | null, state: LakeState): ReconciliationCounts {
  const songplays = state.tables.find((t) => t.table === 'songplays');
  if (manifest && songplays && songplays.foreign.length > 0) {
    const writers = [...new Set(songplays.foreign.map((f) => `${f.writer} ${f.operation}`))].join(', ');
    return { skippedBecause: `other writers committed to songplays after run ${manifest.runId} (${writers}): its counts no longer describe the table` };
  }
  return reconciliationCounts(manifest);
}

/** The star's own check: a torn star (tables from different runs, or a run stopped between its commits) blocks. */
function wholeStarResult(state: LakeState): CheckResult {
  const base = { name: 'lake whole star', table: 'lake', column: null, kind: 'reconciliation', severity: 'error', examples: [] as Record<string, unknown>[] } as const;
  if (state.torn === null) {
    const run = state.latest ? `run ${state.latest.runId}` : 'one run';
    return { ...base, status: 'pass', failingRows: 0, detail: `every table's latest version holds ${run}` };
  }
  const fix = state.unfinished ? ' (sparkify repair, or the next sparkify etl, finishes or rolls back the run)' : '';
  return { ...base, status: 'fail', failingRows: 0, detail: `torn star: ${state.torn}${fix}` };
}
