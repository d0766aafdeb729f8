import type { CommitInfoAction } from './actions';
import type { LogStore } from './log-store';
import { parseCommitFile } from './actions';
import { listLog, readCommitText } from './snapshot';

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
    const commitInfo = await readCommitInfo(store, version);
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

/** A line that holds a commitInfo action: its key comes first (an action is an object of one key). */
const COMMIT_INFO_LINE = /^[ \t]*\{[ \t]*"commitInfo"[ \t]*:.*$/m;

/**
 * One commit's commitInfo, or null. Only its line is parsed: a commit of a partitioned table adds thousands of
 * files (songs), which history has no use for.
 */
async function readCommitInfo(store: LogStore, version: number): Promise<CommitInfoAction | null> {
  const text = await readCommitText(store, version);
  const line = COMMIT_INFO_LINE.exec(text)?.[0];
  const info = parseCommitFile(line ?? text).find((a) => 'commitInfo' in a);
  return info && 'commitInfo' in info ? info.commitInfo : null;
}
