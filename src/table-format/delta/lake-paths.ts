import { QUARANTINE_DIR } from '../../core/run-contract';
import { RUN_MANIFEST_DIR } from '../../lake-log/run-manifest';

/**
 * Where things live in a Delta lake, relative to its root:
 * - `<table>/` a Delta table (`_delta_log/` + data); a run's engine writes under `<table>/<runId>/` (Hive folders
 *   below), so a run's files never collide with the live version's and a dead run's files are one prefix;
 * - `_quarantine/<runId>/part-*` (the quarantine: one file from the local engine, one per task from Spark), `_runs/<runId>.json` (the run manifest);
 * - `_delta_commit.lock`, the lake-level commit lock.
 */
export const COMMIT_LOCK_KEY = '_delta_commit.lock';

export function runFolder(table: string, runId: string): string {
  return `${table}/${runId}`;
}

export function quarantineFolder(runId: string): string {
  return `${QUARANTINE_DIR}/${runId}`;
}

export { RUN_MANIFEST_DIR };
