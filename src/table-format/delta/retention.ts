import { history } from '../../delta/history';
import type { LogStore } from '../../delta/log-store';
import { listLog } from '../../delta/snapshot';
import { filesOfKeptVersions, planLogCleanup } from '../../delta/vacuum';
import { QUARANTINE_DIR } from '../../core/run-contract';
import { listRunManifests } from '../../quality/read-manifest';
import { runManifestKey } from '../../quality/run-manifest';
import type { Storage } from '../../storage/storage';
import { storageLogStore } from './storage-log-store';

/** A run that never committed may still be writing for this long (an engine building, an EMR step). */
const MAY_STILL_BE_WRITING_MS = 60 * 60_000;

/** The start time a run id begins with (`20181101T210146796Z-…`), or null for a folder that is no run's. */
export function runStartTime(runId: string): number | null {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z-[0-9a-f]+$/.exec(runId);
  return m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6], +m[7]) : null;
}

/** Whether a run's folders may go: it committed somewhere (so it has finished), or it started over an hour ago. */
function finished(runId: string, committedRuns: Set<string>, now: number): boolean {
  const started = runStartTime(runId);
  return committedRuns.has(runId) || (started !== null && now - started > MAY_STILL_BE_WRITING_MS);
}

/**
 * Retention of one table after a commit, by versions (the last `keepVersions` stay readable):
 * - the Delta log cleanup of `vacuum` (commits before the newest checkpoint not newer than the oldest kept version);
 * - every run folder `<runId>/` no kept version references, of a run that has finished (it committed, or started
 *   over an hour ago): the replaced versions' files, and whole folders of failed or killed runs. A folder of a run
 *   that may still be writing is never touched.
 */
export async function applyTableRetention(table: Storage, keepVersions: number, now = Date.now()): Promise<string[]> {
  const store: LogStore = storageLogStore(table);
  const { latestVersion, oldestKeptVersion, deletedLogEntries } = await planLogCleanup(store, await listLog(store), keepVersions);
  await store.delete(deletedLogEntries);

  // The run folders of the kept versions' files.
  const referenced = new Set([...(await filesOfKeptVersions(store, oldestKeptVersion, latestVersion))].map((file) => file.split('/')[0]));
  const committed = new Set((await history(store)).filter((h) => h.version <= latestVersion).map((h) => String(h.commitInfo?.sparkifyRunId ?? '')));
  const deleted: string[] = [];
  // Only the folders no kept version references are listed file by file: the kept ones hold most of the files
  // (songs at 10M events: 33,843 per run).
  for (const folder of await table.folders()) {
    if (folder.startsWith('_') || folder.startsWith('.') || referenced.has(folder)) continue;
    if (runStartTime(folder) === null || !finished(folder, committed, now)) continue;
    deleted.push(...(await table.list(folder)).map((object) => object.key));
  }
  await table.delete(deleted);
  return deleted;
}

/**
 * Retention of what runs leave beside the tables: manifests beyond the newest `keepRuns`, and quarantine folders
 * of runs without a kept manifest that have finished (committed, or started over an hour ago).
 */
export async function applyRunRetention(lake: Storage, keepRuns: number, committedRun: string, now = Date.now()): Promise<void> {
  const manifests = await listRunManifests(lake);
  const kept = new Set(manifests.slice(-keepRuns));
  const gone = new Set(manifests.filter((runId) => !kept.has(runId)));
  await lake.delete([...gone].map(runManifestKey));
  const stale: string[] = [];
  for (const object of await lake.list(QUARANTINE_DIR)) {
    const runId = object.key.split('/')[1];
    if (kept.has(runId) || runId === committedRun || runStartTime(runId) === null) continue;
    if (gone.has(runId) || finished(runId, new Set(), now)) stale.push(object.key);
  }
  await lake.delete(stale);
}
