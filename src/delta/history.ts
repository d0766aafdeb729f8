import type { CommitInfoAction } from './actions';
import type { LogStore } from './log-store';
import { listLog, readCommit } from './snapshot';

export interface HistoryEntry {
  version: number;
  /** commitInfo.timestamp, else the commit file's modification time (ms since the epoch). */
  timestamp: number;
  commitInfo: CommitInfoAction | null;
}

/** Every commit still in the log, oldest first (versions older than a log cleanup are gone). */
export async function history(store: LogStore): Promise<HistoryEntry[]> {
  const listing = await listLog(store);
  const versions = [...listing.commits.keys()].sort((a, b) => a - b);
  const out: HistoryEntry[] = [];
  for (const version of versions) {
    const info = (await readCommit(store, version)).find((a) => 'commitInfo' in a);
    const commitInfo = info && 'commitInfo' in info ? info.commitInfo : null;
    out.push({ version, timestamp: commitInfo?.timestamp ?? listing.commits.get(version)!.modified, commitInfo });
  }
  return out;
}

/** The newest version committed at or before `timestamp` (ms), or null when every kept version is newer. */
export async function versionAt(store: LogStore, timestamp: number): Promise<number | null> {
  const entries = await history(store);
  return entries.filter((e) => e.timestamp <= timestamp).at(-1)?.version ?? null;
}

/** The version a run (its commitInfo.sparkifyRunId) committed, newest first; null when the log no longer has it. */
export async function versionOfRun(store: LogStore, runId: string): Promise<number | null> {
  const entries = await history(store);
  return entries.filter((e) => e.commitInfo?.sparkifyRunId === runId).at(-1)?.version ?? null;
}
