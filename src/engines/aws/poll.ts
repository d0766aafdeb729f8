import type { Progress } from '../../progress';

/** Time and sleeping; tests pass a virtual clock. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = { now: () => Date.now(), sleep: (ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)) };

export interface WaitOptions {
  progress: Progress;
  pollSeconds: number;
  maxPollSeconds: number;
  timeoutMinutes?: number;
  clock?: Clock;
}

/**
 * Polls `read` until `isDone` says the work has ended, or the timeout passes. Logs each change of `describe`
 * (with the time waited so far, via `announce`). The interval starts at pollSeconds and grows by half each quiet
 * poll up to maxPollSeconds (a cloud run takes many minutes; polling fast only spends API calls), and drops back
 * after a change.
 */
export async function pollUntilDone<S>(
  read: () => Promise<S>,
  watch: { describe(status: S): string; announce(status: S, described: string, waited: string): string; isDone(status: S): boolean },
  options: WaitOptions,
): Promise<{ done: boolean; status: S }> {
  const clock = options.clock ?? realClock;
  const started = clock.now();
  const deadline = options.timeoutMinutes === undefined ? Infinity : started + options.timeoutMinutes * 60_000;
  let interval = options.pollSeconds;
  let last = '';
  for (;;) {
    const status = await read();
    const now = watch.describe(status);
    if (now !== last) {
      options.progress.log(watch.announce(status, now, formatDuration(clock.now() - started)));
      last = now;
      interval = options.pollSeconds;
    } else {
      interval = Math.min(options.maxPollSeconds, interval * 1.5);
    }
    if (watch.isDone(status)) return { done: true, status };
    if (clock.now() + interval * 1000 > deadline) return { done: false, status };
    await clock.sleep(interval * 1000);
  }
}

export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return h > 0 ? `${h}h ${String(m).padStart(2, '0')}m` : m > 0 ? `${m}m ${String(s).padStart(2, '0')}s` : `${s}s`;
}
