/**
 * The user population. A few heavy users make most of the events (real: sessions per user range
 * from 1 to 153), paying users are the heavy ones, and each user's fields never change except level.
 * Fields are kept as escaped log text so that writing an event only concatenates strings.
 */
import { Rng, Stream } from './random';
import { flat, logString } from './json-format';
import { FEMALE_FIRST_NAMES, LAST_NAMES, MALE_FIRST_NAMES, USER_AGENTS, USER_LOCATIONS } from './vocabulary';

/** Real events per user in the sample (8056 events, 97 users): sets the population size. */
const EVENTS_PER_USER = 83;

/**
 * A user's fixed fields as ready-made pieces of an event line, in the real field order (see events.ts).
 * Pre-joining them keeps an event to a handful of concatenations.
 */
export interface UserText {
  /** ,"auth":…,"firstName":…,"gender":…,"itemInSession": */
  head: string;
  /** ,"lastName":…,"length": */
  lastName: string;
  /** ,"location":… */
  location: string;
  /** the registration value */
  registration: string;
  /** ,"userAgent":…,"userId":…} */
  tail: string;
}

export interface User {
  text: UserText;
  /** 0 = free, 1 = paid; flipped by Submit Upgrade / Submit Downgrade. */
  paid: number;
  /** End of the user's current session, epoch ms: a user never has two sessions at once. */
  busyUntil: number;
  index: number;
}

function userText(auth: string, f: Record<'firstName' | 'gender' | 'lastName' | 'location' | 'registration' | 'userAgent' | 'userId', string>): UserText {
  return {
    head: flat(`,"auth":"${auth}","firstName":${f.firstName},"gender":${f.gender},"itemInSession":`),
    lastName: flat(`,"lastName":${f.lastName},"length":`),
    location: flat(`,"location":${f.location}`),
    registration: flat(f.registration),
    tail: flat(`,"userAgent":${f.userAgent},"userId":${f.userId}}`),
  };
}

/** Every logged-out event: user fields null, userId "". */
export const LOGGED_OUT_TEXT: UserText = userText('Logged Out', {
  firstName: 'null',
  gender: 'null',
  lastName: 'null',
  location: 'null',
  registration: 'null',
  userAgent: 'null',
  userId: '""',
});

export function userCount(events: number): number {
  return Math.max(5, Math.round(events / EVENTS_PER_USER));
}

export interface Population {
  users: User[];
  /** Cumulative activity weights, for drawing who starts the next short session. */
  cumulative: Float64Array;
  /** Cumulative squared weights for long sessions: heavy users also listen longer, so that (as in the
   * real sample) the top 10% of users make ~60% of the events, not just ~35% of the sessions. */
  cumulativeLong: Float64Array;
}

/** Sessions at least this long are drawn with cumulativeLong. */
export const LONG_SESSION = 11;

/**
 * periodStartMs: users registered in the two weeks before the period (as in the sample).
 * msSuffix: the milliseconds every real timestamp ends in.
 */
export function makePopulation(seed: number, count: number, periodStartMs: number, msSuffix: number): Population {
  const rng = new Rng(seed, Stream.users);
  const weights = new Float64Array(count);
  for (let i = 0; i < count; i++) weights[i] = Math.exp(rng.normal()); // log-normal activity, sigma 1
  const sorted = Float64Array.from(weights).sort();
  const heavy = sorted[Math.floor(count * 0.8)];
  const users: User[] = [];
  const cumulative = new Float64Array(count);
  const cumulativeLong = new Float64Array(count);
  let total = 0;
  let totalLong = 0;
  for (let i = 0; i < count; i++) {
    const female = rng.chance(0.57);
    const first = female ? rng.pick(FEMALE_FIRST_NAMES) : rng.pick(MALE_FIRST_NAMES);
    const agent = rng.pick(USER_AGENTS);
    const registeredSec = Math.floor(periodStartMs / 1000) - 3600 - rng.int(13 * 86400);
    const text = userText('Logged In', {
      firstName: logString(first),
      gender: female ? '"F"' : '"M"',
      lastName: logString(rng.pick(LAST_NAMES)),
      location: logString(rng.pick(USER_LOCATIONS)),
      // A whole number written as a float, as the real logs do: 1540919166796.0
      registration: `${registeredSec * 1000 + msSuffix}.0`,
      // Agents with a comma arrive wrapped in quotes in the real logs (CSV quoting that leaked in).
      userAgent: logString(agent.includes(',') ? `"${agent}"` : agent),
      userId: `"${i + 1}"`,
    });
    users.push({
      text,
      // ~20% of users pay at first, mostly the heavy ones (real: 15 of 97 users, with 43% of the events;
      // with the heavy users who upgrade, 78% of real events are paid).
      paid: rng.chance(weights[i] >= heavy ? 0.75 : 0.06) ? 1 : 0,
      busyUntil: 0,
      index: i,
    });
    total += weights[i];
    cumulative[i] = total;
    totalLong += weights[i] * weights[i];
    cumulativeLong[i] = totalLong;
  }
  return { users, cumulative, cumulativeLong };
}

/** A user drawn by activity, avoiding users already in a session at `atMs`. */
export function pickUser(pop: Population, rng: Rng, atMs: number, sessionLength: number): User {
  const users = pop.users;
  const cumulative = sessionLength >= LONG_SESSION ? pop.cumulativeLong : pop.cumulative;
  const total = cumulative[cumulative.length - 1];
  let candidate = users[0];
  for (let attempt = 0; attempt < 32; attempt++) {
    const r = rng.float() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid] > r) hi = mid;
      else lo = mid + 1;
    }
    candidate = users[lo];
    if (candidate.busyUntil < atMs) return candidate;
  }
  // Tiny populations only: take the first free user, else accept an overlap.
  const from = rng.int(users.length);
  for (let k = 0; k < users.length; k++) {
    const u = users[(from + k) % users.length];
    if (u.busyUntil < atMs) return u;
  }
  return candidate;
}
