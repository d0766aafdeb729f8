/**
 * Plans the sessions before any event is written: how many sessions make exactly the requested number
 * of events, and when each starts, so that every session ends inside the period. Keeps a few numbers
 * per session (not per event), so memory stays small even for millions of events.
 */
import { Rng, Stream } from './random';
import { measureSession, type SessionModel } from './sessions';

/** Relative activity by UTC hour and by weekday (Monday first), smoothed from the real sample. */
const HOUR_WEIGHT = [
  0.3, 0.32, 0.26, 0.22, 0.26, 0.33, 0.37, 0.35, 0.4, 0.5, 0.57, 0.63, 0.6, 0.67, 0.81, 0.93, 1.0, 0.92, 0.93, 0.7,
  0.64, 0.53, 0.4, 0.36,
];
const WEEKDAY_WEIGHT = [1, 1, 1, 1, 1, 0.55, 0.4];

export interface SessionPlan {
  count: number;
  /** By session number. */
  lengths: Int32Array;
  /** Session numbers in start order. */
  order: Int32Array;
  /** Seconds from the period start to the session's first event, by session number. */
  startSec: Float64Array;
  /** Seconds from first to last event, by session number. */
  durationSec: Float64Array;
}

export function planSessions(model: SessionModel, events: number, periodStartMs: number, days: number): SessionPlan {
  // 1. Session shapes, until the events add up (the last session is cut to fit exactly).
  let lengths = new Int32Array(1024);
  let durations = new Float64Array(1024);
  let count = 0;
  for (let total = 0; total < events; count++) {
    if (count === lengths.length) {
      lengths = grow(lengths, new Int32Array(count * 2));
      durations = grow(durations, new Float64Array(count * 2));
    }
    const s = measureSession(model, count, events - total);
    lengths[count] = s.length;
    durations[count] = s.seconds;
    total += s.length;
  }
  lengths = lengths.slice(0, count);
  durations = durations.slice(0, count);

  // 2. Start times, weighted by hour of day and weekday, each early enough for its session to end in time.
  const rng = new Rng(model.seed, Stream.schedule);
  const spanSec = days * 86400;
  const startWeekday = (new Date(periodStartMs).getUTCDay() + 6) % 7; // Monday = 0
  const startSec = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const room = spanSec - durations[i] - 1;
    if (room < 1) continue; // a session longer than the whole period starts at its beginning
    for (;;) {
      const t = Math.floor(rng.float() * room);
      const day = Math.floor(t / 86400);
      const w = HOUR_WEIGHT[Math.floor((t % 86400) / 3600)] * WEEKDAY_WEIGHT[(startWeekday + day) % 7];
      if (rng.float() < w) {
        startSec[i] = t;
        break;
      }
    }
  }

  // 3. Start order; ties broken by session number. Packed keys let a numeric typed-array sort do it.
  const keys = new Float64Array(count);
  for (let i = 0; i < count; i++) keys[i] = startSec[i] * count + i;
  keys.sort();
  const order = new Int32Array(count);
  for (let k = 0; k < count; k++) order[k] = keys[k] % count;
  return { count, lengths, order, startSec, durationSec: durations };
}

function grow<T extends Int32Array | Float64Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
