/**
 * The shape of one session: how many events, which pages in which order, which songs, and the seconds
 * between events. A session's shape is a pure function of (seed, session number), independent of its
 * user and of other sessions: the planner walks every session once to learn its length and duration,
 * and the writer walks it again, lazily, to write it. Figures are measured on the real sample
 * (8056 events, 941 sessions).
 */
import { Rng, Stream } from './random';
import type { PlayCatalog } from './plays';

/** Abstract pages. LEVEL_PAGE and SUBMIT become Upgrade/Downgrade pages according to the user's level. */
export const Page = {
  HOME: 0,
  NEXT_SONG: 1,
  SETTINGS: 2,
  SAVE_SETTINGS: 3,
  HELP: 4,
  ABOUT: 5,
  ERROR: 6,
  LEVEL_PAGE: 7,
  SUBMIT: 8,
  LOGOUT: 9,
  HOME_OUT: 10,
  ABOUT_OUT: 11,
  HELP_OUT: 12,
  LOGIN_OUT: 13,
} as const;
const PAGES = 14;
const START = PAGES; // row index of the session start in the transition table

/** Pages whose events are logged out (userId "", user fields null). */
export function isLoggedOut(page: number): boolean {
  return page >= Page.HOME_OUT;
}

/**
 * Transition counts between consecutive pages of a session in the real sample (session ends removed:
 * the length is drawn separately, because a first-order chain gives far too few one-event sessions).
 * Upgrade and Downgrade are merged into LEVEL_PAGE; LEVEL_PAGE -> SUBMIT is tuned so that about 8% of
 * users change level over a month, as 8 of the 97 real users do.
 */
const T = Page;
const TRANSITIONS: ReadonlyArray<ReadonlyArray<readonly [number, number]>> = (() => {
  const rows: Array<Array<readonly [number, number]>> = [];
  rows[T.HOME] = [[T.ABOUT, 2], [T.LEVEL_PAGE, 9], [T.HOME, 5], [T.LOGOUT, 9], [T.NEXT_SONG, 431], [T.SETTINGS, 19]];
  rows[T.NEXT_SONG] = [
    [T.ABOUT, 14], [T.LEVEL_PAGE, 65], [T.ERROR, 8], [T.HELP, 32], [T.HOME, 143], [T.LOGOUT, 78],
    [T.NEXT_SONG, 5778], [T.SETTINGS, 33],
  ];
  rows[T.SETTINGS] = [[T.HELP, 4], [T.HOME, 4], [T.LOGOUT, 3], [T.NEXT_SONG, 30], [T.SAVE_SETTINGS, 10], [T.SETTINGS, 4]];
  rows[T.SAVE_SETTINGS] = [[T.HOME, 1]];
  rows[T.HELP] = [[T.LEVEL_PAGE, 2], [T.HELP, 1], [T.HOME, 2], [T.NEXT_SONG, 30]];
  rows[T.ABOUT] = [[T.ABOUT, 4], [T.HOME, 4], [T.NEXT_SONG, 4]];
  rows[T.ERROR] = [[T.HOME, 1], [T.NEXT_SONG, 2]];
  rows[T.LEVEL_PAGE] = [[T.LEVEL_PAGE, 5], [T.HOME, 15], [T.NEXT_SONG, 38], [T.SUBMIT, 36]];
  rows[T.SUBMIT] = [[T.HOME, 1]];
  rows[T.LOGOUT] = [[T.HOME_OUT, 1]];
  rows[T.HOME_OUT] = [[T.ABOUT_OUT, 13], [T.HELP_OUT, 6], [T.HOME_OUT, 25], [T.LOGIN_OUT, 61]];
  rows[T.ABOUT_OUT] = [[T.ABOUT_OUT, 1], [T.HOME_OUT, 2], [T.LOGIN_OUT, 4]];
  rows[T.HELP_OUT] = [[T.HELP_OUT, 3], [T.LOGIN_OUT, 2]];
  rows[T.LOGIN_OUT] = [[T.HOME, 1]];
  rows[START] = [[T.HOME, 351], [T.NEXT_SONG, 507], [T.HOME_OUT, 54], [T.LOGIN_OUT, 25], [T.ABOUT, 2], [T.ERROR, 1], [T.HELP, 1]];
  return rows;
})();

/** Pages a real session never ends on (the next page is forced): excluded for a session's last event. */
const NEVER_LAST = new Set<number>([T.LOGOUT, T.LOGIN_OUT, T.SUBMIT]);

interface Row {
  pages: number[];
  weights: number[];
  total: number;
  lastWeights: number[];
  lastTotal: number;
}
const ROWS: Row[] = TRANSITIONS.map((row) => {
  const pages = row.map(([p]) => p);
  const weights = row.map(([, w]) => w);
  const lastWeights = row.map(([p, w]) => (NEVER_LAST.has(p) ? 0 : w));
  const sum = (a: number[]) => a.reduce((x, y) => x + y, 0);
  return { pages, weights, total: sum(weights), lastWeights, lastTotal: sum(lastWeights) };
});

/** Median seconds until the next event, by page (real sample); NextSong waits for the song instead. */
const GAP_MEDIAN: number[] = [];
GAP_MEDIAN[T.HOME] = 69;
GAP_MEDIAN[T.SETTINGS] = 70;
GAP_MEDIAN[T.SAVE_SETTINGS] = 91;
GAP_MEDIAN[T.HELP] = 171;
GAP_MEDIAN[T.ABOUT] = 31;
GAP_MEDIAN[T.ERROR] = 15;
GAP_MEDIAN[T.LEVEL_PAGE] = 100;
GAP_MEDIAN[T.SUBMIT] = 96;
GAP_MEDIAN[T.LOGOUT] = 50;
GAP_MEDIAN[T.HOME_OUT] = 69;
GAP_MEDIAN[T.ABOUT_OUT] = 31;
GAP_MEDIAN[T.HELP_OUT] = 171;
GAP_MEDIAN[T.LOGIN_OUT] = 54;

/**
 * Session length: the real distribution for 1..10 events (34% of sessions have one event, 21% two, ...),
 * then 11 + an exponential tail of mean 28 (real tail: median 34, 95th percentile 95, max 128).
 */
const SHORT_LENGTHS = [316, 196, 98, 64, 38, 22, 15, 16, 15, 7];
const SHORT_TOTAL = SHORT_LENGTHS.reduce((a, b) => a + b, 0);
const LONG_SHARE = 154;
const MAX_LENGTH = 250;

function drawLength(rng: Rng): number {
  const r = rng.float() * (SHORT_TOTAL + LONG_SHARE);
  if (r >= SHORT_TOTAL) return Math.min(MAX_LENGTH, 11 + Math.floor(rng.exponential(28)));
  return rng.weighted(SHORT_LENGTHS, SHORT_TOTAL) + 1;
}

export interface SessionModel {
  seed: number;
  plays: PlayCatalog;
  matchRate: number;
}

/**
 * Walks one session event by event. After next(): `page`, `play` (catalogue index, NextSong only) and
 * `offset` (seconds since the session's first event) describe the current event.
 */
export class SessionWalk {
  readonly length: number;
  item = -1;
  page: number = START;
  play = -1;
  offset = 0;
  private gap = 0;
  private readonly rng: Rng;

  /** cap: the planner truncates the last session so that the event total is exact. */
  constructor(
    private readonly model: SessionModel,
    index: number,
    cap: number,
  ) {
    this.rng = new Rng(model.seed, Stream.sessions, index);
    this.length = Math.min(cap, drawLength(this.rng));
  }

  get done(): boolean {
    return this.item >= this.length - 1;
  }

  next(): void {
    const rng = this.rng;
    this.item++;
    this.offset += this.gap;
    const row = ROWS[this.page];
    const last = this.item === this.length - 1;
    const weights = last ? row.lastWeights : row.weights;
    this.page = row.pages[rng.weighted(weights, last ? row.lastTotal : row.total)];
    if (this.page === T.NEXT_SONG) {
      const { plays, matchRate } = this.model;
      // Popular songs are played more: an index skewed towards the start of each part of the catalogue.
      const unknown = plays.size - plays.known;
      this.play =
        plays.known > 0 && (unknown === 0 || rng.float() < matchRate)
          ? rng.skewed(plays.known, 1.5)
          : plays.known + rng.skewed(unknown, 1.3);
      this.gap = songGap(rng, plays.seconds[this.play]);
    } else {
      this.play = -1;
      this.gap = pageGap(rng, this.page);
    }
  }
}

/** After a NextSong the next event comes when the song ends (~93%), earlier when skipped, rarely later. */
function songGap(rng: Rng, seconds: number): number {
  const r = rng.float();
  if (r < 0.05) return Math.floor(rng.float() * seconds);
  if (r < 0.06) return Math.floor(seconds + rng.exponential(300));
  return Math.floor(seconds);
}

/** Other pages: seconds to minutes, log-normal; ~1.3% of them share their timestamp with the next event. */
function pageGap(rng: Rng, page: number): number {
  if (rng.float() < 0.013) return 0;
  return Math.min(3600, Math.max(1, Math.round(rng.logNormal(GAP_MEDIAN[page], 1.3))));
}

/** The planner's view: length and duration (seconds from first to last event) of session `index`. */
export function measureSession(model: SessionModel, index: number, cap: number): { length: number; seconds: number } {
  const walk = new SessionWalk(model, index, cap);
  while (!walk.done) walk.next();
  return { length: walk.length, seconds: walk.offset };
}
