/**
 * The generated song catalogue and its files: song_data/<L1>/<L2>/<L3>/<track id>.json, one Python-style
 * JSON object per file with no trailing newline, as in the Million Song Dataset copy Sparkify uses.
 */
import { promises as fsp } from 'fs';
import * as path from 'path';
import { runPool } from '../pool';
import { Rng, Stream } from './random';
import { artistName, songSeconds, songTitle } from './names';
import { ARTIST_PLACES } from './vocabulary';
import { pyFloat, pyFloatOrNull, pyString } from './json-format';

export interface Artist {
  id: string;
  name: string;
  location: string;
  latitude: number | null;
  longitude: number | null;
}

export interface Song {
  trackId: string;
  songId: string;
  artist: Artist;
  title: string;
  duration: number;
  year: number;
}

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const HEX = '0123456789ABCDEF';

function chars(rng: Rng, alphabet: string, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[rng.int(alphabet.length)];
  return s;
}

/**
 * MSD-style ids: a prefix, five letters, then eleven hex digits (TRAAAAW128F429D538). Track ids start TRA
 * or TRB as in the MSD subset, which keeps the folder tree to the real one's shape (A|B / A-Z / A-Z).
 */
const trackId = (rng: Rng) => 'TR' + LETTERS[rng.int(2)] + chars(rng, LETTERS, 4) + chars(rng, HEX, 11);
const songId = (rng: Rng) => 'SO' + chars(rng, LETTERS, 5) + chars(rng, HEX, 11);
const artistId = (rng: Rng) => 'AR' + chars(rng, ALNUM, 5) + chars(rng, HEX, 11);

function uniqueId(seen: Set<string>, make: () => string): string {
  for (;;) {
    const id = make();
    if (!seen.has(id)) {
      seen.add(id);
      return id;
    }
  }
}

function makeArtist(rng: Rng, seen: Set<string>): Artist {
  const id = uniqueId(seen, () => artistId(rng));
  const name = artistName(rng);
  // Real shares: ~40% no location at all, ~17% a location without coordinates, the rest both.
  if (rng.chance(0.39)) return { id, name, location: '', latitude: null, longitude: null };
  const [place, lat, lon] = rng.pick(ARTIST_PLACES);
  if (rng.chance(0.28)) return { id, name, location: place, latitude: null, longitude: null };
  return { id, name, location: place, latitude: lat, longitude: lon };
}

function releaseYear(rng: Rng): number {
  // About 60% of the real files have year 0 (unknown); known years lean recent.
  if (rng.chance(0.6)) return 0;
  return Math.max(1950, 2010 - Math.floor(rng.exponential(10)));
}

/** The catalogue: artists have several songs each (a few have many), each song its own file. */
export function makeSongs(seed: number, count: number): Song[] {
  const rng = new Rng(seed, Stream.songs);
  const artistCount = Math.max(1, Math.round(count / 3));
  const seen = new Set<string>();
  const artists: Artist[] = [];
  for (let i = 0; i < artistCount; i++) artists.push(makeArtist(rng, seen));
  const songs: Song[] = [];
  for (let i = 0; i < count; i++) {
    // Every artist gets one song, the rest go preferentially to "prolific" artists.
    const artist = i < artistCount ? artists[i] : artists[rng.skewed(artistCount, 1.6)];
    const track = uniqueId(seen, () => trackId(rng));
    const song = uniqueId(seen, () => songId(rng));
    songs.push({ trackId: track, songId: song, artist, title: songTitle(rng), duration: songSeconds(rng), year: releaseYear(rng) });
  }
  return songs;
}

/** Relative path of a song's file: the 3rd, 4th and 5th characters of the track id name the folders. */
export function songPath(song: Song): string {
  const t = song.trackId;
  return path.join('song_data', t[2], t[3], t[4], t + '.json');
}

/** The file's text, byte-for-byte in the format of Python's json.dumps (", " and ": ", ASCII only). */
export function songJson(s: Song): string {
  const a = s.artist;
  return (
    `{"num_songs": 1, "artist_id": "${a.id}", "artist_latitude": ${pyFloatOrNull(a.latitude)}, ` +
    `"artist_longitude": ${pyFloatOrNull(a.longitude)}, "artist_location": ${pyString(a.location)}, ` +
    `"artist_name": ${pyString(a.name)}, "song_id": "${s.songId}", "title": ${pyString(s.title)}, ` +
    `"duration": ${pyFloat(s.duration)}, "year": ${s.year}}`
  );
}

/**
 * Writes every song file with bounded concurrency: folders first (once each), then files through a
 * fixed pool of writers, so 10^5 songs never means 10^5 open handles. Returns bytes written.
 */
export async function writeSongs(
  out: string,
  songs: Song[],
  onProgress?: (done: number) => void,
  concurrency = 32,
): Promise<number> {
  const dirs = [...new Set(songs.map((s) => path.dirname(songPath(s))))].sort();
  await runPool(dirs.length, concurrency, (i) => fsp.mkdir(path.join(out, dirs[i]), { recursive: true }).then(() => {}));
  let bytes = 0;
  let done = 0;
  const step = Math.max(1, Math.floor(songs.length / 100));
  await runPool(songs.length, concurrency, async (i) => {
    const text = songJson(songs[i]);
    bytes += text.length; // ASCII only: characters are bytes
    await fsp.writeFile(path.join(out, songPath(songs[i])), text);
    done++;
    if (onProgress && (done % step === 0 || done === songs.length)) onProgress(done);
  });
  return bytes;
}
