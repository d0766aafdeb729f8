/**
 * Entry point of the synthetic Sparkify generator: song_data/ and log_data/ in exactly the layout and
 * spelling of the real sample, deterministic for given options (same options => same bytes), and
 * streamed, so millions of events need seconds and little memory.
 */
import { promises as fsp } from 'fs';
import * as path from 'path';
import { makeSongs, writeSongs } from './songs';
import { makePlayCatalog, unknownPoolSize } from './plays';
import { makePopulation, userCount } from './users';
import { planSessions } from './schedule';
import { writeEvents } from './events';
import type { SessionModel } from './sessions';

export interface GenerateOptions {
  out: string;
  songs?: number;
  events?: number;
  seed?: number;
  matchRate?: number;
  startDate?: string /* '2018-11-01' */;
  days?: number /* 30 */;
  onProgress?: (p: { phase: 'songs' | 'events'; done: number; total: number }) => void;
}

export interface GenerateSummary {
  songFiles: number;
  logFiles: number;
  events: number;
  users: number;
  bytes: number;
  seconds: number;
}

export const DEFAULTS = {
  songs: 500,
  events: 20000,
  seed: 42,
  matchRate: 0.3,
  startDate: '2018-11-01',
  days: 30,
} as const;

/** Every ts and registration in the real logs ends in 796 ms; generated ones do too. */
const MS_SUFFIX = 796;

export interface ResolvedOptions {
  out: string;
  songs: number;
  events: number;
  seed: number;
  matchRate: number;
  periodStartMs: number;
  days: number;
}

function positiveInteger(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new Error(`${name} must be a positive integer, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** Checks every option and fills defaults; a bad value is a one-line error naming the option. */
export function resolveOptions(opts: GenerateOptions): ResolvedOptions {
  if (opts === null || typeof opts !== 'object') throw new Error('generate needs an options object with at least { out }');
  if (typeof opts.out !== 'string' || opts.out.trim() === '') {
    throw new Error('out must be the path of the folder to write song_data/ and log_data/ into');
  }
  const seed = opts.seed ?? DEFAULTS.seed;
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed) || seed < 0) {
    throw new Error(`seed must be a non-negative integer, got ${JSON.stringify(seed)}`);
  }
  const matchRate = opts.matchRate ?? DEFAULTS.matchRate;
  if (typeof matchRate !== 'number' || !Number.isFinite(matchRate) || matchRate < 0 || matchRate > 1) {
    throw new Error(`matchRate must be a number from 0 to 1, got ${JSON.stringify(matchRate)}`);
  }
  const startDate = opts.startDate ?? DEFAULTS.startDate;
  const m = typeof startDate === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(startDate) : null;
  const periodStartMs = m ? Date.UTC(+m[1], +m[2] - 1, +m[3]) : NaN;
  if (!m || new Date(periodStartMs).toISOString().slice(0, 10) !== startDate) {
    throw new Error(`startDate must be a date written YYYY-MM-DD, got ${JSON.stringify(startDate)}`);
  }
  if (opts.onProgress !== undefined && typeof opts.onProgress !== 'function') {
    throw new Error('onProgress must be a function');
  }
  return {
    out: opts.out,
    songs: positiveInteger('songs', opts.songs ?? DEFAULTS.songs),
    events: positiveInteger('events', opts.events ?? DEFAULTS.events),
    days: positiveInteger('days', opts.days ?? DEFAULTS.days),
    seed,
    matchRate,
    periodStartMs,
  };
}

/** Refuses to mix with earlier output: stale files would silently change the dataset. */
async function checkOutFolder(out: string): Promise<void> {
  for (const sub of ['song_data', 'log_data']) {
    const entries = await fsp.readdir(path.join(out, sub)).catch(() => [] as string[]);
    if (entries.length > 0) {
      throw new Error(`${path.join(out, sub)} already has files; remove it or choose another out folder`);
    }
  }
}

export async function generate(opts: GenerateOptions): Promise<GenerateSummary> {
  const s = resolveOptions(opts);
  const started = process.hrtime.bigint();
  await checkOutFolder(s.out);
  await fsp.mkdir(s.out, { recursive: true });

  const songs = makeSongs(s.seed, s.songs);
  const report = opts.onProgress;
  const songBytes = await writeSongs(s.out, songs, report && ((done) => report({ phase: 'songs', done, total: songs.length })));

  const plays = makePlayCatalog(s.seed, songs, unknownPoolSize(s.events, s.matchRate));
  const model: SessionModel = { seed: s.seed, plays, matchRate: s.matchRate };
  const plan = planSessions(model, s.events, s.periodStartMs, s.days);
  const population = makePopulation(s.seed, userCount(s.events), s.periodStartMs, MS_SUFFIX);
  const events = await writeEvents({
    out: s.out,
    model,
    plan,
    population,
    periodStartMs: s.periodStartMs,
    msSuffix: MS_SUFFIX,
    onProgress: report && ((done, total) => report({ phase: 'events', done, total })),
  });

  return {
    songFiles: songs.length,
    logFiles: events.files,
    events: events.events,
    users: events.users,
    bytes: songBytes + events.bytes,
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
  };
}
