import type { LogStore } from './log-store';
import { LOG_PREFIX, parseLogKey } from './log-paths';
import { decodeDataPath } from './data-path';
import { listLog, NotADeltaTableError, readCommit, readSnapshot, type LogListing } from './snapshot';

export interface VacuumOptions {
  /** How many of the newest versions stay readable (default 2: the current one and the one before). */
  keepVersions?: number;
  /** List what would be deleted without deleting it. */
  dryRun?: boolean;
}

export interface VacuumResult {
  /** The oldest version still readable after the vacuum. */
  oldestKeptVersion: number;
  deletedDataFiles: string[];
  deletedLogEntries: string[];
}

/**
 * Retention, by versions rather than by age (the kit keeps "the previous N runs"):
 *
 * - Data files: deletes every file under the table root that none of the last N versions references. Never a file
 *   a kept version references, and never one modified after the newest commit: that may be an in-flight writer's
 *   file that its commit will add. Hidden files and `_`-prefixed folders (`_delta_log`, `_change_data`) are not data.
 * - Log: the protocol's metadata cleanup. The newest checkpoint not newer than the oldest kept version is the
 *   cut-off; commits and checkpoints before it go (the cut-off checkpoint, its commit file and everything after stay,
 *   so every kept version can still be rebuilt). With no such checkpoint the log is left whole.
 */
export async function vacuum(store: LogStore, options: VacuumOptions = {}): Promise<VacuumResult> {
  const keep = Math.max(1, options.keepVersions ?? 2);
  const listing = await listLog(store);
  const latest = await readSnapshot(store);
  const { oldestKeptVersion: oldestKept, deletedLogEntries } = await planLogCleanup(store, listing, keep);

  const referenced = await filesOfKeptVersions(store, oldestKept, latest.version);
  const newestCommit = listing.commits.get(latest.version)?.modified ?? latest.timestamp;
  const deletedDataFiles = (await store.list(''))
    .filter((o) => isDataFile(o.key) && !referenced.has(o.key) && o.modified <= newestCommit)
    .map((o) => o.key);

  if (!options.dryRun) {
    await store.delete(deletedDataFiles);
    await store.delete(deletedLogEntries);
  }
  return { oldestKeptVersion: oldestKept, deletedDataFiles, deletedLogEntries };
}

/** What the log cleanup keeping the newest versions comes to, without looking at any data file. */
export interface LogCleanup {
  latestVersion: number;
  oldestKeptVersion: number;
  deletedLogEntries: string[];
}

/**
 * The log's part of vacuum, for the newest `keepVersions` versions of the log `listing` shows (listLog's, from
 * version 0): the newest checkpoint not newer than the oldest kept version is the cut-off, and the log entries
 * before it may go. The table's data files are not listed (for songs, thousands a run).
 */
export async function planLogCleanup(store: LogStore, listing: LogListing, keepVersions: number): Promise<LogCleanup> {
  const latestVersion = Math.max(...listing.commits.keys(), ...listing.checkpoints);
  if (!Number.isFinite(latestVersion)) throw new NotADeltaTableError(`${store.location} is not a Delta table: ${LOG_PREFIX} holds no commits`);
  const oldestKeptVersion = Math.max(0, latestVersion - Math.max(1, keepVersions) + 1);
  const cutOff = listing.checkpoints.filter((v) => v <= oldestKeptVersion).at(-1);
  const deletedLogEntries =
    cutOff === undefined
      ? []
      : (await store.list(LOG_PREFIX))
          .filter((o) => {
            const entry = parseLogKey(o.key);
            return entry !== null && entry.version < cutOff;
          })
          .map((o) => o.key);
  return { latestVersion, oldestKeptVersion, deletedLogEntries };
}

/**
 * The data files (decoded paths, relative to the table root) any version from `oldestKeptVersion` to
 * `latestVersion` references: those active at the oldest, plus those added since (one snapshot and the commits
 * after it, not a snapshot of each version).
 */
export async function filesOfKeptVersions(store: LogStore, oldestKeptVersion: number, latestVersion: number): Promise<Set<string>> {
  const referenced = new Set((await readSnapshot(store, { version: oldestKeptVersion })).files.map((f) => decodeDataPath(f.path)));
  for (let v = oldestKeptVersion + 1; v <= latestVersion; v++) {
    for (const a of await readCommit(store, v)) if ('add' in a) referenced.add(decodeDataPath(a.add.path));
  }
  return referenced;
}

/** A file that may hold table data: not under a hidden or `_`-prefixed folder, not a hidden or `_` file. */
function isDataFile(key: string): boolean {
  return key.split('/').every((segment) => !segment.startsWith('_') && !segment.startsWith('.'));
}
