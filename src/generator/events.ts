/**
 * Streams the event log. Planned sessions start in time order; the sessions running at any moment sit in
 * a small heap keyed by their next event's time, so events come out globally ordered by ts (the real day
 * files are sorted by ts) while only the running sessions are held in memory. Each event line is joined
 * from pre-escaped parts: JSON.stringify per event would be slower and would not match the real
 * spelling anyway.
 */
import { Rng, Stream } from './random';
import { flat } from './json-format';
import { DayFiles } from './day-files';
import { isLoggedOut, Page, SessionWalk, type SessionModel } from './sessions';
import type { SessionPlan } from './schedule';
import type { PlayCatalog } from './plays';
import { LOGGED_OUT_TEXT, pickUser, type Population, type User } from './users';

const DAY_MS = 86_400_000;

/**
 * HTTP method and status go with the page, exactly as in the real logs. Kept as the line pieces that
 * surround them: ,"method":…,"page":…,"registration":  and  ,"status":…,"ts":
 */
interface Rendered {
  page: string;
  status: string;
}
const r = (page: string, method: string, status: number): Rendered => ({
  page: flat(`,"method":"${method}","page":"${page}","registration":`),
  status: flat(`,"status":${status},"ts":`),
});
const RENDERED: Rendered[] = [];
RENDERED[Page.HOME] = r('Home', 'GET', 200);
RENDERED[Page.NEXT_SONG] = r('NextSong', 'PUT', 200);
RENDERED[Page.SETTINGS] = r('Settings', 'GET', 200);
RENDERED[Page.SAVE_SETTINGS] = r('Save Settings', 'PUT', 307);
RENDERED[Page.HELP] = r('Help', 'GET', 200);
RENDERED[Page.ABOUT] = r('About', 'GET', 200);
RENDERED[Page.ERROR] = r('Error', 'GET', 404);
RENDERED[Page.LOGOUT] = r('Logout', 'PUT', 307);
RENDERED[Page.HOME_OUT] = r('Home', 'GET', 200);
RENDERED[Page.ABOUT_OUT] = r('About', 'GET', 200);
RENDERED[Page.HELP_OUT] = r('Help', 'GET', 200);
RENDERED[Page.LOGIN_OUT] = r('Login', 'PUT', 307);
const UPGRADE = r('Upgrade', 'GET', 200);
const DOWNGRADE = r('Downgrade', 'GET', 200);
const SUBMIT_UPGRADE = r('Submit Upgrade', 'PUT', 307);
const SUBMIT_DOWNGRADE = r('Submit Downgrade', 'PUT', 307);

/**
 * A paying user's SUBMIT becomes a real Submit Downgrade this often (else one more Downgrade view):
 * in the sample upgrades outnumber downgrades 8 to 1, though paid users see the Downgrade page 3x more.
 */
const DOWNGRADE_COMMIT = 0.05;

interface Live {
  walk: SessionWalk;
  user: User;
  sessionId: number;
  startMs: number;
  ts: number;
  seq: number;
}

export interface EventsResult {
  events: number;
  users: number;
  files: number;
  bytes: number;
}

export async function writeEvents(args: {
  out: string;
  model: SessionModel;
  plan: SessionPlan;
  population: Population;
  periodStartMs: number;
  /** Milliseconds every ts ends in (the real logs: 796). */
  msSuffix: number;
  onProgress?: (done: number, total: number) => void;
}): Promise<EventsResult> {
  const { model, plan, population, periodStartMs, msSuffix, onProgress } = args;
  const world = new Rng(model.seed, Stream.world); // user picks and level decisions, in time order
  const files = new DayFiles(args.out);
  const heap = new SessionHeap();
  const active = new Uint8Array(population.users.length);
  const total = plan.lengths.reduce((a, b) => a + b, 0);
  let activeUsers = 0;
  let written = 0;
  let nextSessionId = 1;
  let day = -1;
  let k = 0;

  const startNext = (): void => {
    const index = plan.order[k];
    const startMs = periodStartMs + plan.startSec[index] * 1000 + msSuffix;
    const walk = new SessionWalk(model, index, plan.lengths[index]);
    walk.next();
    const user = pickUser(population, world, startMs, plan.lengths[index]);
    user.busyUntil = startMs + plan.durationSec[index] * 1000;
    heap.push({ walk, user, sessionId: nextSessionId, startMs, ts: startMs, seq: k });
    // Globally unique, with the odd gap as in real ids (which, unlike ours, are not in start order).
    nextSessionId += world.float() < 0.1 ? 2 + world.int(3) : 1;
    k++;
  };

  while (k < plan.count || heap.size > 0) {
    if (k < plan.count) {
      const nextStart = periodStartMs + plan.startSec[plan.order[k]] * 1000 + msSuffix;
      if (heap.size === 0 || nextStart <= heap.top().ts) {
        startNext();
        continue;
      }
    }
    const live = heap.top();
    const ts = live.ts;
    const eventDay = Math.floor((ts - periodStartMs) / DAY_MS);
    if (eventDay !== day) {
      await files.open(periodStartMs + eventDay * DAY_MS);
      day = eventDay;
    }
    const pending = files.add(renderEvent(live, world, model.plays));
    if (pending) await pending;
    if (!active[live.user.index] && !isLoggedOut(live.walk.page)) {
      active[live.user.index] = 1;
      activeUsers++;
    }
    written++;
    if (onProgress && (written & 0xffff) === 0) onProgress(written, total);

    if (live.walk.done) heap.pop();
    else {
      live.walk.next();
      live.ts = live.startMs + live.walk.offset * 1000;
      heap.sinkTop();
    }
  }
  await files.close();
  onProgress?.(written, total);
  return { events: written, users: activeUsers, files: files.files, bytes: files.bytes };
}

const PAID = ',"level":"paid"';
const FREE = ',"level":"free"';

/**
 * One event line, fields in the real order: artist, auth, firstName, gender, itemInSession, lastName,
 * length, level, location, method, page, registration, sessionId, song, status, ts, userAgent, userId.
 */
function renderEvent(live: Live, world: Rng, cat: PlayCatalog): string {
  const { walk, user } = live;
  const page = walk.page;
  const level = user.paid ? PAID : FREE;
  let rendered: Rendered;
  if (page === Page.LEVEL_PAGE) rendered = user.paid ? DOWNGRADE : UPGRADE;
  else if (page === Page.SUBMIT) {
    // The event itself still shows the old level; the events after it show the new one.
    if (!user.paid) {
      rendered = SUBMIT_UPGRADE;
      user.paid = 1;
    } else if (world.float() < DOWNGRADE_COMMIT) {
      rendered = SUBMIT_DOWNGRADE;
      user.paid = 0;
    } else rendered = DOWNGRADE;
  } else rendered = RENDERED[page];
  const u = isLoggedOut(page) ? LOGGED_OUT_TEXT : user.text;
  const play = walk.play;
  const song = play >= 0;
  return (
    '{"artist":' + (song ? cat.artist[play] : 'null') + u.head + walk.item + u.lastName +
    (song ? cat.length[play] : 'null') + level + u.location + rendered.page + u.registration +
    ',"sessionId":' + live.sessionId + ',"song":' + (song ? cat.song[play] : 'null') + rendered.status +
    live.ts + u.tail
  );
}

/** Binary min-heap of running sessions by (ts, start order): deterministic ties. */
class SessionHeap {
  private readonly items: Live[] = [];
  get size(): number {
    return this.items.length;
  }
  top(): Live {
    return this.items[0];
  }
  push(x: Live): void {
    const a = this.items;
    let i = a.push(x) - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!less(a[i], a[p])) break;
      [a[i], a[p]] = [a[p], a[i]];
      i = p;
    }
  }
  pop(): void {
    const a = this.items;
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      this.sinkTop();
    }
  }
  /** Restores order after the top's key grew. */
  sinkTop(): void {
    const a = this.items;
    const n = a.length;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const c = l + 1 < n && less(a[l + 1], a[l]) ? l + 1 : l;
      if (!less(a[c], a[i])) break;
      [a[i], a[c]] = [a[c], a[i]];
      i = c;
    }
  }
}

function less(a: Live, b: Live): boolean {
  return a.ts < b.ts || (a.ts === b.ts && a.seq < b.seq);
}
