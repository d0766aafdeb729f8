import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { generate, type GenerateSummary } from '../src/generator/generate';
import { SAMPLE } from './helpers';

// The real sample is the reference for field order, types and spelling.

type Json = Record<string, unknown>;

function listFiles(root: string, sub = ''): string[] {
  const dir = path.join(root, sub);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(root, path.join(sub, e.name)) : [path.join(sub, e.name)]))
    .sort();
}

function hashTree(root: string): string {
  const h = createHash('sha256');
  for (const f of listFiles(root)) h.update(f).update('\0').update(fs.readFileSync(path.join(root, f))).update('\0');
  return h.digest('hex');
}

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

/** Field -> the JSON types seen in the real files ("integer" for whole numbers, else "number"). */
function typesOf(records: Json[]): Map<string, Set<string>> {
  const types = new Map<string, Set<string>>();
  for (const r of records) {
    for (const [k, v] of Object.entries(r)) {
      if (!types.has(k)) types.set(k, new Set());
      types.get(k)!.add(jsonType(v));
    }
  }
  return types;
}

/** Every value has a type the real field has; a whole number may stand in a float field (233.0). */
function expectTypesWithin(records: Json[], real: Map<string, Set<string>>): void {
  for (const r of records) {
    for (const [k, v] of Object.entries(r)) {
      const t = jsonType(v);
      const ok = real.get(k)!.has(t) || (t === 'integer' && real.get(k)!.has('number'));
      if (!ok) throw new Error(`field ${k} has type ${t} (${JSON.stringify(v)}); real: ${[...real.get(k)!]}`);
    }
  }
}

/** Non-ASCII as \uXXXX (lowercase), as Python's json.dumps writes it. */
const asciiEscape = (s: string) => s.replace(/[\u007f-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
const FLOAT_FIELDS = new Set(['artist_latitude', 'artist_longitude', 'duration', 'length', 'registration']);
function valueText(k: string, v: unknown, slash: boolean): string {
  if (typeof v === 'number' && FLOAT_FIELDS.has(k) && Number.isInteger(v)) return v + '.0';
  const text = asciiEscape(JSON.stringify(v));
  return slash ? text.replace(/\//g, '\\/') : text;
}
/** A song file as Python's json.dumps writes it: ", " and ": ". */
const songText = (o: Json) => '{' + Object.entries(o).map(([k, v]) => `"${k}": ${valueText(k, v, false)}`).join(', ') + '}';
/** A log line as the real logs write it: compact, "/" escaped. */
const logText = (o: Json) => '{' + Object.entries(o).map(([k, v]) => `"${k}":${valueText(k, v, true)}`).join(',') + '}';

interface Tree {
  root: string;
  summary?: GenerateSummary;
  songs: Array<{ file: string; text: string; obj: Json }>;
  logFiles: Array<{ file: string; text: string; lines: string[]; events: Json[] }>;
  events: Json[];
}

function readTree(root: string): Tree {
  const songs = listFiles(root, 'song_data')
    .filter((f) => f.endsWith('.json'))
    .map((file) => {
      const text = fs.readFileSync(path.join(root, file), 'utf8');
      return { file, text, obj: JSON.parse(text) as Json };
    });
  const logFiles = listFiles(root, 'log_data')
    .filter((f) => f.endsWith('-events.json'))
    .map((file) => {
      const text = fs.readFileSync(path.join(root, file), 'utf8');
      const lines = text.split('\n');
      return { file, text, lines, events: lines.map((l) => JSON.parse(l) as Json) };
    });
  return { root, songs, logFiles, events: logFiles.flatMap((f) => f.events) };
}

const matchKey = (title: unknown, artist: unknown, length: unknown) => JSON.stringify([title, artist, length]);

/** Undoes the logs' double mis-decoding (UTF-8 read as Latin-1, twice), computed here independently of the kit's SQL. */
function undoDoubleLatin1(text: string): string {
  const once = (s: string) => Buffer.from(s, 'latin1').toString('utf8');
  return /^[\x00-\xff]*$/.test(text) ? once(once(text)) : text;
}

function measuredMatchRate(t: Tree): number {
  const keys = new Set(t.songs.map((s) => matchKey(s.obj.title, s.obj.artist_name, s.obj.duration)));
  const plays = t.events.filter((e) => e.page === 'NextSong');
  return plays.filter((e) => keys.has(matchKey(undoDoubleLatin1(e.song as string), undoDoubleLatin1(e.artist as string), e.length))).length / plays.length;
}

const temps: string[] = [];
function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'sparkify-gen-'));
  temps.push(d);
  return d;
}

let real: Tree;
let a: Tree;

beforeAll(async () => {
  if (!fs.existsSync(SAMPLE)) throw new Error(`the real sample is needed at ${SAMPLE}`);
  real = readTree(SAMPLE);
  const out = tempDir();
  const summary = await generate({ out, seed: 42 });
  a = { ...readTree(out), summary };
}, 60_000);

afterAll(() => {
  for (const d of temps) fs.rmSync(d, { recursive: true, force: true });
});

describe('determinism', () => {
  it('gives the same bytes for the same options and different bytes for another seed', async () => {
    const same = tempDir();
    const other = tempDir();
    await generate({ out: same, seed: 42 });
    await generate({ out: other, seed: 43 });
    expect(hashTree(same)).toBe(hashTree(a.root));
    expect(hashTree(other)).not.toBe(hashTree(a.root));
  }, 60_000);
});

describe('layout and summary', () => {
  it('writes one file per song at song_data/<3rd>/<4th>/<5th char of the track id>/<track id>.json', () => {
    expect(a.songs.length).toBe(500);
    for (const s of a.songs) {
      const m = /^song_data\/([A-Z])\/([A-Z])\/([A-Z])\/(TR[A-Z0-9]{16})\.json$/.exec(s.file.split(path.sep).join('/'));
      expect(m, s.file).not.toBeNull();
      expect(m![4].slice(2, 5)).toBe(m![1] + m![2] + m![3]);
    }
  });

  it('writes one JSON Lines file per UTC day, sorted by ts, without a trailing newline', () => {
    expect(a.logFiles.length).toBe(30);
    for (const f of a.logFiles) {
      const m = /^log_data\/(\d{4})\/(\d{2})\/(\1-\2-\d{2})-events\.json$/.exec(f.file.split(path.sep).join('/'));
      expect(m, f.file).not.toBeNull();
      expect(f.text.endsWith('\n')).toBe(false);
      let prev = 0;
      for (const e of f.events) {
        expect(new Date(e.ts as number).toISOString().slice(0, 10)).toBe(m![3]);
        expect(e.ts as number).toBeGreaterThanOrEqual(prev);
        prev = e.ts as number;
      }
    }
    expect(a.logFiles[0].file.split(path.sep).join('/')).toBe('log_data/2018/11/2018-11-01-events.json');
  });

  it('reports what it wrote', () => {
    const s = a.summary!;
    expect(s.events).toBe(20000);
    expect(a.events.length).toBe(20000);
    expect(s.songFiles).toBe(a.songs.length);
    expect(s.logFiles).toBe(a.logFiles.length);
    expect(s.users).toBe(new Set(a.events.map((e) => e.userId).filter((u) => u !== '')).size);
    const bytes = [...a.songs, ...a.logFiles].reduce((n, f) => n + Buffer.byteLength(f.text), 0);
    expect(s.bytes).toBe(bytes);
    expect(s.seconds).toBeGreaterThan(0);
  });
});

describe('song files match the real format', () => {
  it('has the real field order and types, spelled byte-for-byte like Python json.dumps', () => {
    const realKeys = Object.keys(real.songs[0].obj);
    // The reference serialiser reproduces the real files exactly, so it is a fair judge of ours.
    for (const s of real.songs) expect(songText(s.obj)).toBe(s.text);
    for (const s of a.songs) {
      expect(Object.keys(s.obj)).toEqual(realKeys);
      expect(songText(s.obj)).toBe(s.text);
      expect(/^[\x20-\x7e]*$/.test(s.text)).toBe(true);
    }
    expectTypesWithin(
      a.songs.map((s) => s.obj),
      typesOf(real.songs.map((s) => s.obj)),
    );
  });

  it('uses MSD-style ids, year 0, null coordinates and empty locations', () => {
    const objs = a.songs.map((s) => s.obj);
    for (const o of objs) {
      expect(o.artist_id).toMatch(/^AR[A-Z0-9]{16}$/);
      expect(o.song_id).toMatch(/^SO[A-Z0-9]{16}$/);
      expect(o.num_songs).toBe(1);
    }
    const share = (p: (o: Json) => boolean) => objs.filter(p).length / objs.length;
    expect(share((o) => o.year === 0)).toBeGreaterThan(0.45);
    expect(share((o) => o.year === 0)).toBeLessThan(0.7);
    expect(share((o) => o.artist_latitude === null && o.artist_longitude === null)).toBeGreaterThan(0.4);
    expect(share((o) => o.artist_location === '')).toBeGreaterThan(0.25);
    expect(objs.some((o) => typeof o.artist_latitude === 'number')).toBe(true);
  });

  it('gives an artist several songs, with the same artist fields in each', () => {
    const byArtist = new Map<string, Json[]>();
    for (const s of a.songs) byArtist.set(s.obj.artist_id as string, [...(byArtist.get(s.obj.artist_id as string) ?? []), s.obj]);
    expect(byArtist.size).toBeLessThan(a.songs.length / 2);
    for (const songs of byArtist.values()) {
      const fields = songs.map((o) => JSON.stringify([o.artist_name, o.artist_location, o.artist_latitude, o.artist_longitude]));
      expect(new Set(fields).size).toBe(1);
    }
  });
});

describe('event logs match the real format', () => {
  it('has the real field order and types, spelled like the real compact lines', () => {
    const realKeys = Object.keys(real.events[0]);
    for (const f of real.logFiles) for (let i = 0; i < f.lines.length; i++) expect(logText(f.events[i])).toBe(f.lines[i]);
    for (const f of a.logFiles) {
      for (let i = 0; i < f.lines.length; i++) {
        expect(Object.keys(f.events[i])).toEqual(realKeys);
        expect(logText(f.events[i])).toBe(f.lines[i]);
      }
    }
    expectTypesWithin(a.events, typesOf(real.events));
  });

  it('writes registration as a float with ".0" and user agents as quoted, escaped strings', () => {
    const lines = a.logFiles.flatMap((f) => f.lines);
    const loggedIn = lines.filter((l) => l.includes('"auth":"Logged In"'));
    expect(loggedIn.length).toBeGreaterThan(0);
    for (const l of loggedIn) expect(l).toMatch(/"registration":\d{13}\.0,/);
    expect(lines.some((l) => l.includes('"userAgent":"\\"Mozilla\\/5.0 ('))).toBe(true);
  });

  it('marks logged-out events with userId "", auth "Logged Out" and null user fields', () => {
    const out = a.events.filter((e) => e.auth === 'Logged Out');
    expect(out.length).toBeGreaterThan(0);
    for (const e of a.events) expect(e.userId === '').toBe(e.auth === 'Logged Out');
    for (const e of out) {
      for (const k of ['firstName', 'lastName', 'gender', 'location', 'registration', 'userAgent']) expect(e[k]).toBeNull();
      expect(e.page).not.toBe('NextSong');
    }
    for (const e of a.events) expect(e.auth === 'Logged In' || e.auth === 'Logged Out').toBe(true);
  });

  it('uses the same page / method / status / auth combinations as the real logs', () => {
    const combos = (t: Tree) => new Set(t.events.map((e) => [e.page, e.method, e.status, e.auth].join('|')));
    const realCombos = combos(real);
    for (const c of combos(a)) expect(realCombos.has(c), c).toBe(true);
    for (const e of a.events) expect(e.page === 'NextSong').toBe(e.song !== null && e.artist !== null && e.length !== null);
  });
});

describe('sessions and users', () => {
  it('numbers events 0, 1, 2… within a session, in time order, for one user', () => {
    const sessions = new Map<number, Json[]>();
    for (const e of a.events) sessions.set(e.sessionId as number, [...(sessions.get(e.sessionId as number) ?? []), e]);
    for (const [id, events] of sessions) {
      events.forEach((e, i) => expect(e.itemInSession, `session ${id}`).toBe(i));
      for (let i = 1; i < events.length; i++) expect(events[i].ts as number).toBeGreaterThanOrEqual(events[i - 1].ts as number);
      expect(new Set(events.map((e) => e.userId).filter((u) => u !== '')).size).toBeLessThanOrEqual(1);
    }
    // Some events share a timestamp with the next one in their session, as in the real logs.
    const ties = [...sessions.values()].some((ev) => ev.some((e, i) => i > 0 && e.ts === ev[i - 1].ts));
    expect(ties).toBe(true);
  });

  it('changes some users level, and only right after a Submit Upgrade / Submit Downgrade', () => {
    const byUser = new Map<string, Json[]>();
    for (const e of a.events) if (e.userId !== '') byUser.set(e.userId as string, [...(byUser.get(e.userId as string) ?? []), e]);
    let changers = 0;
    for (const events of byUser.values()) {
      events.sort((x, y) => (x.ts as number) - (y.ts as number) || (x.itemInSession as number) - (y.itemInSession as number));
      if (new Set(events.map((e) => e.level)).size > 1) changers++;
      for (let i = 1; i < events.length; i++) {
        if (events[i].level !== events[i - 1].level) expect(String(events[i - 1].page)).toMatch(/^Submit (Up|Down)grade$/);
      }
    }
    expect(changers).toBeGreaterThan(0);
    expect(changers / byUser.size).toBeLessThan(0.25);
  });

  it('plays generated songs at about matchRate, joinable on title, artist and length', () => {
    expect(Math.abs(measuredMatchRate(a) - 0.3)).toBeLessThanOrEqual(0.05);
  });

  it('honours another matchRate', async () => {
    const out = tempDir();
    await generate({ out, seed: 5, events: 5000, songs: 100, matchRate: 0.8, days: 3, startDate: '2019-02-27' });
    const t = readTree(out);
    expect(Math.abs(measuredMatchRate(t) - 0.8)).toBeLessThanOrEqual(0.05);
    expect(t.logFiles.map((f) => path.basename(f.file))).toEqual([
      '2019-02-27-events.json',
      '2019-02-28-events.json',
      '2019-03-01-events.json',
    ]);
  }, 60_000);
});

describe('options', () => {
  it.each([
    [{ events: 0 }, /events must be a positive integer/],
    [{ events: 1.5 }, /events must be a positive integer/],
    [{ songs: -3 }, /songs must be a positive integer/],
    [{ days: Number.NaN }, /days must be a positive integer/],
    [{ seed: -1 }, /seed must be a non-negative integer/],
    [{ matchRate: 1.5 }, /matchRate must be a number from 0 to 1/],
    [{ matchRate: Number.NaN }, /matchRate must be a number from 0 to 1/],
    [{ startDate: '2018-02-30' }, /startDate must be a date written YYYY-MM-DD/],
    [{ startDate: '1/11/2018' }, /startDate must be a date written YYYY-MM-DD/],
    [{ out: '' }, /out must be the path/],
  ])('rejects %j with a one-line message', async (bad, message) => {
    const opts = { out: path.join(os.tmpdir(), 'sparkify-gen-never-written'), ...bad };
    const err = await generate(opts).then(
      () => null,
      (e: Error) => e,
    );
    expect(err).toBeInstanceOf(Error);
    expect(err!.message).toMatch(message);
    expect(err!.message).not.toContain('\n');
  });

  it('refuses to write over an earlier output', async () => {
    await expect(generate({ out: a.root, events: 10 })).rejects.toThrow(/already has files/);
  });

  it('writes exactly the requested number of events, even a handful', async () => {
    const out = tempDir();
    const s = await generate({ out, events: 7, songs: 3, days: 1 });
    expect(s.events).toBe(7);
    expect(readTree(out).events.length).toBe(7);
  });
});
