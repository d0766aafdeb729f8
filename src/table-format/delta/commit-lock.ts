import { UserError } from '../../errors';
import type { Storage } from '../../storage/storage';
import { COMMIT_LOCK_KEY } from './lake-paths';

/** What the lock object holds: who took it and until when it counts. */
interface LockBody {
  runId: string;
  expires: number;
}

export interface CommitLockOptions {
  /** How long a taken lock counts before another run may take it over (a killed holder's). Default 5 minutes. */
  ttlMs?: number;
  /** How long to wait for a lock held by a live run before giving up. Default 10 minutes. */
  waitMs?: number;
  pollMs?: number;
}

/**
 * The lake-level commit lock: serializes the commit phase of runs (five Delta commits and the run manifest), so
 * two runs that finish together commit one after the other and the later one fully wins: no reader ends with
 * songplays from one run and users from another. Taken with the storage's put-if-absent of
 * `_delta_commit.lock`; a lock past its expiry (a killed run's) is taken over by delete + put-if-absent.
 * The put-if-absent of each Delta log entry still guards against writers that ignore this lock.
 */
export async function withCommitLock<T>(lake: Storage, runId: string, work: () => Promise<T>, options: CommitLockOptions = {}): Promise<T> {
  await takeLock(lake, runId, options);
  try {
    return await work();
  } finally {
    await releaseLock(lake, runId);
  }
}

async function takeLock(lake: Storage, runId: string, options: CommitLockOptions): Promise<void> {
  const ttl = options.ttlMs ?? 5 * 60_000;
  const deadline = Date.now() + (options.waitMs ?? 10 * 60_000);
  for (;;) {
    const body: LockBody = { runId, expires: Date.now() + ttl };
    if (await lake.putIfAbsent(COMMIT_LOCK_KEY, JSON.stringify(body) + '\n')) return;
    const holder = await readLock(lake);
    if (holder === null) continue; // released between our attempt and the read: try again at once
    if (holder.expires < Date.now()) {
      // The holder died (a killed run): its lock no longer counts.
      await lake.delete([COMMIT_LOCK_KEY]);
      continue;
    }
    if (Date.now() > deadline) {
      throw new UserError(`run ${holder.runId} holds the commit lock ${lake.locationOf(COMMIT_LOCK_KEY)} until ${new Date(holder.expires).toISOString()}; try again later`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 250));
  }
}

/** Releases the lock if this run still holds it (a run that outlived its expiry may have lost it). */
async function releaseLock(lake: Storage, runId: string): Promise<void> {
  if ((await readLock(lake))?.runId === runId) await lake.delete([COMMIT_LOCK_KEY]);
}

async function readLock(lake: Storage): Promise<LockBody | null> {
  const bytes = await lake.read(COMMIT_LOCK_KEY);
  if (bytes === null) return null;
  try {
    return JSON.parse(bytes.toString('utf8')) as LockBody;
  } catch {
    // A torn or foreign lock object: treat it as expired.
    return { runId: '?', expires: 0 };
  }
}
