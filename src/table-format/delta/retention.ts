import { history } from '../../delta/history';
import type { LogStore } from '../../delta/log-store';
import { LOG_DIR, LOG_PREFIX } from '../../delta/log-paths';
import { listLog, readSnapshot } from '../../delta/snapshot';
import { tableProperties } from '../../delta/table-properties';
import { removeStaleTempFiles } from '../../storage/stale-temp-files';
import { filesOfKeptVersions, planLogCleanup } from '../../delta/vacuum';
import { decodeDataPath } from '../../delta/data-path';
import { QUARANTINE_DIR } from '../../core/run-contract';
import { listRunManifests } from '../../lake-log/read-manifest';
import { RUN_MANIFEST_DIR, runManifestKey } from '../../lake-log/run-manifest';
import { intentKey, JOURNAL_DIR, listJournal, outcomeKey, readOutcome } from './lake-journal';
import type { Storage } from '../../storage/storage';
import { storageLogStore } from './storage-log-store';

/** A run that never committed may still be writing for this long (an engine building, an EMR step). */
const MAY_STILL_BE_WRITING_MS = 60 * 60_000;
/** A temp file of a write older than this belongs to a process that died (a write takes milliseconds). */
const STALE_TEMP_FILE_MS = 60 * 60_000;

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
 * Retention of one table after a commit, by versions (the last `keepVersions` stay readable), within the table's
 * own retention properties when another writer set them:
 * - the Delta log cleanup of `vacuum` (commits before the newest checkpoint not newer than the oldest kept version),
 *   keeping every log entry younger than `delta.logRetentionDuration`;
 * - every kit run folder `<runId>/` no kept version references, of a run that has finished (it committed, or started
 *   over an hour ago): the replaced versions' files, and whole folders of failed or killed runs. A folder of a run
 *   that may still be writing is never touched, nor one whose files were removed within
 *   `delta.deletedFileRetentionDuration`, nor any file outside the kit's run folders (other writers' files);
 * - temp files a killed write left in `_delta_log/`.
 */
export async function applyTableRetention(table: Storage, keepVersions: number, now = Date.now()): Promise<string[]> {
  const store: LogStore = storageLogStore(table);
  const latest = await readSnapshot(store);
  const properties = tableProperties(latest.metadata);
  const listing = await listLog(store);
  const plan = await planLogCleanup(store, listing, keepVersions);
  const { latestVersion, oldestKeptVersion } = plan;
  const logCutOff = properties.logRetentionMs === null ? Infinity : now - properties.logRetentionMs;
  const modified = new Map((await store.list(LOG_PREFIX)).map((o) => [o.key, o.modified]));
  await store.delete(plan.deletedLogEntries.filter((key) => (modified.get(key) ?? 0) < logCutOff));

  // The run folders of the kept versions' files, and of files removed too recently to delete.
  const referenced = new Set([...(await filesOfKeptVersions(store, oldestKeptVersion, latestVersion))].map((file) => file.split('/')[0]));
  if (properties.deletedFileRetentionMs !== null) {
    const recent = now - properties.deletedFileRetentionMs;
    for (const r of latest.tombstones) if ((r.deletionTimestamp ?? now) > recent) referenced.add(decodeDataPath(r.path).split('/')[0]);
  }
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
  deleted.push(...(await removeStaleTempFiles(table, LOG_DIR, STALE_TEMP_FILE_MS)));
  return deleted;
}

/**
 * Retention of what runs leave beside the tables, by the lake's commit order: the journal entries and manifests of
 * runs beyond the newest `keepRuns` committed ones, and quarantine folders of runs without a kept manifest that have
 * finished (committed, or started over an hour ago); temp files a killed write left at the lake's root folders.
 */
export async function applyRunRetention(lake: Storage, keepRuns: number, committedRun: string, now = Date.now()): Promise<void> {
  const journal = await listJournal(lake);
  const finishedEntries = journal.filter((e) => e.finished);
  const keptEntries = finishedEntries.slice(-keepRuns);
  const kept = new Set([committedRun]);
  for (const entry of keptEntries) {
    const outcome = await readOutcome(lake, entry.seq);
    if (outcome) kept.add(outcome.runId);
  }
  const oldEntries = finishedEntries.filter((e) => !keptEntries.includes(e));
  await lake.delete(oldEntries.flatMap((e) => [intentKey(e.seq), outcomeKey(e.seq)]));
  const manifests = await listRunManifests(lake);
  // Runs committed before the journal existed sort by start time; keep the newest of those when nothing else is kept.
  const gone = new Set(manifests.filter((runId) => !kept.has(runId)).filter((runId, _i, all) => journal.length > 0 || all.indexOf(runId) < all.length - keepRuns));
  await lake.delete([...gone].map(runManifestKey));
  const stale: string[] = [];
  for (const object of await lake.list(QUARANTINE_DIR)) {
    const runId = object.key.split('/')[1];
    if (kept.has(runId) || runStartTime(runId) === null) continue;
    if (gone.has(runId) || finished(runId, new Set(), now)) stale.push(object.key);
  }
  await lake.delete(stale);
  for (const folder of ['', JOURNAL_DIR, RUN_MANIFEST_DIR]) await removeStaleTempFiles(lake, folder, STALE_TEMP_FILE_MS);
}
