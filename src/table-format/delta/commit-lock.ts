import { randomBytes } from 'node:crypto';
import * as os from 'node:os';
import { UserError } from '../../errors';
import type { Progress } from '../../progress';
import type { Storage } from '../../storage/storage';
import { COMMIT_LOCK_KEY } from './lake-paths';

/** What the lock object holds: who took it (run, random token, host, pid), when, and until when it counts. */
interface LockBody {
  runId: string;
  /** Random per taking: the one thing that tells "still mine" from "another run (or another take) of the same id". */
  token: string;
  host: string;
  pid: number;
  /** Taken at, and expires at: ms since the epoch. The holder renews `expires` while it works. */
  since: number;
  expires: number;
}

/** What the key holds now: nothing, a lock of the kit, or something else (reported, and treated as expired). */
type Found = { kind: 'absent' } | { kind: 'lock'; lock: LockBody } | { kind: 'foreign'; excerpt: string };

export interface CommitLockOptions {
  /** How long a taken (or renewed) lock counts before another run may take it over. Default 5 minutes. */
  ttlMs?: number;
  /** How long to wait for a lock held by a live run before giving up. Default 10 minutes. */
  waitMs?: number;
  /** The first wait between tries; it doubles up to 5 s. Default 250 ms. */
  pollMs?: number;
  /** How often the holder rewrites its expiry while it works. Default ttlMs / 3. */
  renewMs?: number;
  /** Where the waiting and taking-over lines go. */
  progress?: Progress;
  /** The clock of expiries (tests). Default Date.now. */
  now?: () => number;
}

/** The lock as its holder sees it while it works. */
export interface HeldLock {
  readonly runId: string;
  /** Throws LockLostError when the lock is no longer this run's (taken over, or its renewal failed past expiry). */
  assertHeld(): Promise<void>;
}

/** The lock is not this run's any more: one line saying who holds it now, or why it was lost. */
export class LockLostError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LockLostError';
  }
}

const MAX_POLL_MS = 5_000;
/** A waiting run says who it waits for when it starts waiting, when the holder changes, and then this often. */
const REPORT_EVERY_MS = 30_000;

/**
 * The lake-level commit lock: serializes the commit phase of runs (five Delta commits and the run manifest), so
 * two runs that finish together commit one after the other and the later one fully wins. Taken with the storage's
 * put-if-absent of `_delta_commit.lock`; its body names the holder. While `work` runs the holder renews the expiry
 * every renewMs, so a slow commit keeps its lock; a killed holder stops renewing, and once its lock is past its
 * expiry the next run takes it over (delete + put-if-absent). An object there that is not a lock of the kit is
 * reported and taken over the same way.
 *
 * Known race: two runs that find the same expired (or foreign) lock may both delete it and create theirs, and the
 * second delete can remove the first run's fresh lock, so both believe they hold it for a moment. The lock object
 * then names one of them; the other finds another token in it at its next `assertHeld()` (the caller's check
 * before each commit) or its next renewal, and stops with LockLostError before committing anything more. A commit
 * in flight at that instant is still guarded by the put-if-absent of each Delta log entry.
 */
export async function withCommitLock<T>(lake: Storage, runId: string, work: (lock: HeldLock) => Promise<T>, options: CommitLockOptions = {}): Promise<T> {
  const now = options.now ?? Date.now;
  const ttl = options.ttlMs ?? 5 * 60_000;
  const where = lake.locationOf(COMMIT_LOCK_KEY);
  let mine = await takeLock(lake, runId, options);

  let lost: string | undefined;
  const check = (found: Found): void => {
    if (lost) return;
    if (found.kind !== 'lock' || found.lock.token !== mine.token) lost = `the commit lock ${where} is no longer run ${runId}'s: ${describeFound(found)}`;
    else if (now() >= mine.expires) lost = `the commit lock ${where} of run ${runId} expired at ${time(mine.expires)} before it could be renewed`;
  };

  // Renewal: a chain of timers (never two renewals at once), stopped, and awaited, before the release.
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let renewing: Promise<void> = Promise.resolve();
  const renew = async (): Promise<void> => {
    try {
      check(await readLock(lake));
      if (lost || stopped) return;
      const renewed = { ...mine, expires: now() + ttl };
      await lake.write(COMMIT_LOCK_KEY, serialize(renewed));
      mine = renewed;
    } catch (err) {
      // A failed read or write: the next tick tries again, unless the lock has expired meanwhile.
      if (!lost && now() >= mine.expires) lost = `could not renew the commit lock ${where} of run ${runId} before its expiry at ${time(mine.expires)}: ${oneLine(err)}`;
    }
  };
  const schedule = (): void => {
    timer = setTimeout(() => {
      renewing = renew().then(() => {
        if (!stopped && !lost) schedule();
      });
    }, options.renewMs ?? ttl / 3);
    timer.unref();
  };
  schedule();

  const held: HeldLock = {
    runId,
    async assertHeld() {
      if (!lost) check(await readLock(lake));
      if (lost) throw new LockLostError(lost);
    },
  };
  try {
    return await work(held);
  } finally {
    stopped = true;
    clearTimeout(timer);
    await renewing;
    await releaseLock(lake, mine, options.progress);
  }
}

/**
 * Whether the lock's holder is a process of this machine that no longer exists: a run killed here need not be
 * waited out until its expiry. A holder on another machine (or a pid reused since) counts as alive.
 */
function deadOnThisHost(lock: LockBody): boolean {
  if (lock.host !== os.hostname() || !Number.isInteger(lock.pid) || lock.pid <= 0 || lock.pid === process.pid) return false;
  try {
    process.kill(lock.pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** Puts our lock, waiting while a live run holds it and taking over an expired or foreign one. */
async function takeLock(lake: Storage, runId: string, options: CommitLockOptions): Promise<LockBody> {
  const now = options.now ?? Date.now;
  const ttl = options.ttlMs ?? 5 * 60_000;
  const waitMs = options.waitMs ?? 10 * 60_000;
  const deadline = now() + waitMs;
  const where = lake.locationOf(COMMIT_LOCK_KEY);
  const token = randomBytes(8).toString('hex');
  let poll = options.pollMs ?? 250;
  let retriedAtOnce = false;
  let reported: { token: string; at: number } | undefined;
  for (;;) {
    const since = now();
    const body: LockBody = { runId, token, host: os.hostname(), pid: process.pid, since, expires: since + ttl };
    if (await lake.putIfAbsent(COMMIT_LOCK_KEY, serialize(body))) return body;
    const found = await readLock(lake);
    const t = now();
    const dead = found.kind === 'lock' ? deadOnThisHost(found.lock) : false;
    const live = found.kind === 'lock' && found.lock.expires > t && !dead;
    if (found.kind === 'foreign') {
      options.progress?.log(`the commit lock ${where} holds something that is not a lock of this kit (${found.excerpt}): taking it over as expired`);
      await lake.delete([COMMIT_LOCK_KEY]);
    } else if (found.kind === 'lock' && dead) {
      options.progress?.log(`the commit lock ${where} of ${holder(found.lock)} belongs to a process of this machine that no longer runs (killed): taking it over`);
      await lake.delete([COMMIT_LOCK_KEY]);
    } else if (found.kind === 'lock' && !live) {
      options.progress?.log(`the commit lock ${where} of ${holder(found.lock)}, taken at ${time(found.lock.since)}, expired at ${time(found.lock.expires)} (that run died or stalled): taking it over`);
      await lake.delete([COMMIT_LOCK_KEY]);
    } else if (found.kind === 'lock' && (reported?.token !== found.lock.token || t - reported.at >= REPORT_EVERY_MS)) {
      options.progress?.log(`waiting for the commit lock ${where}: ${holder(found.lock)} holds it since ${time(found.lock.since)}, until ${time(found.lock.expires)}`);
      reported = { token: found.lock.token, at: t };
    }
    // Taken over, or released between our put and our read: try again at once, but only once in a row, so that a
    // lock that cannot be deleted (or a name that exists but cannot be read) never makes this a busy loop.
    if (!live && !retriedAtOnce) {
      retriedAtOnce = true;
      continue;
    }
    retriedAtOnce = false;
    if (t >= deadline) {
      throw new UserError(
        `gave up after ${duration(waitMs)} waiting for the commit lock ${where}: ${describeFound(found)}; ` +
          `run again once that run has finished, or delete ${where} if no run is committing to this lake`,
      );
    }
    await sleep(Math.min(poll, deadline - t));
    poll = Math.min(poll * 2, Math.max(MAX_POLL_MS, options.pollMs ?? 0));
  }
}

/** Deletes the lock only if it still holds our token (a run that lost it must not remove the new holder's). */
async function releaseLock(lake: Storage, mine: LockBody, progress: Progress | undefined): Promise<void> {
  try {
    const found = await readLock(lake);
    if (found.kind === 'lock' && found.lock.token === mine.token) await lake.delete([COMMIT_LOCK_KEY]);
  } catch (err) {
    // The work's outcome stands; the lock counts until its expiry, then the next run takes it over.
    progress?.log(`could not release the commit lock ${lake.locationOf(COMMIT_LOCK_KEY)} (it expires at ${time(mine.expires)}): ${oneLine(err)}`);
  }
}

async function readLock(lake: Storage): Promise<Found> {
  const bytes = await lake.read(COMMIT_LOCK_KEY);
  if (bytes === null) return { kind: 'absent' };
  const text = bytes.toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  const lock = asLock(value);
  return lock ? { kind: 'lock', lock } : { kind: 'foreign', excerpt: `"${clip(text.trim(), 80)}", ${bytes.length} bytes` };
}

/**
 * A lock of the kit: runId and expires are required (an earlier version of the kit wrote only those; such a lock
 * is honoured until its expiry, and is never ours); the other fields are shown when present.
 */
function asLock(value: unknown): LockBody | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const v = value as Record<string, unknown>;
  if (typeof v.runId !== 'string' || !isTime(v.expires)) return null;
  return {
    runId: v.runId,
    token: typeof v.token === 'string' ? v.token : '',
    host: typeof v.host === 'string' ? v.host : '?',
    pid: typeof v.pid === 'number' ? v.pid : NaN,
    since: isTime(v.since) ? v.since : NaN,
    expires: v.expires,
  };
}

/** A number a Date can show (toISOString throws "Invalid time value" beyond ±8.64e15). */
function isTime(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= 8.64e15;
}

function serialize(body: LockBody): string {
  return JSON.stringify(body) + '\n';
}

function holder(lock: LockBody): string {
  return `run ${clip(lock.runId, 60)} (host ${clip(lock.host, 60)}, pid ${Number.isNaN(lock.pid) ? '?' : lock.pid})`;
}

function describeFound(found: Found): string {
  if (found.kind === 'absent') return 'it was deleted (or cannot be read)';
  if (found.kind === 'foreign') return `it holds something that is not a lock of this kit (${found.excerpt})`;
  return `${holder(found.lock)} holds it since ${time(found.lock.since)}, until ${time(found.lock.expires)}`;
}

function time(ms: number): string {
  return isTime(ms) ? new Date(ms).toISOString() : 'an unknown time';
}

function duration(ms: number): string {
  return ms < 120_000 ? `${Math.round(ms / 100) / 10} s` : `${Math.round(ms / 6_000) / 10} min`;
}

/** At most `max` characters of a text, on one line. */
function clip(text: string, max: number): string {
  const flat = text.replace(/[\u0000-\u001f\u007f]+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

function oneLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0];
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
