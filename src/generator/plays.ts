/**
 * What a NextSong event can play: the generated songs (an exact title/artist/length join finds them)
 * and a pool of "unknown" songs no song file describes, like most plays in the real logs.
 * Texts are escaped once here, so writing an event is only string concatenation.
 */
import { Rng, Stream } from './random';
import { artistName, songSeconds, songTitle } from './names';
import { logString, mojibake, pyFloat } from './json-format';
import type { Song } from './songs';

export interface PlayCatalog {
  /** Generated songs occupy [0, known); unknown songs [known, size). */
  known: number;
  size: number;
  /** Escaped log texts, quotes included. */
  song: string[];
  artist: string[];
  length: string[];
  seconds: Float64Array;
}

/**
 * Size of the unknown pool: on small runs large enough that most plays are of distinct songs, as in the
 * real sample (5295 distinct in 6820 plays); capped, because the pool is held in memory and a compact
 * pool keeps writing events fast.
 */
export function unknownPoolSize(events: number, matchRate: number): number {
  const unknownPlays = events * 0.85 * (1 - matchRate);
  return Math.min(100_000, Math.max(200, Math.round(unknownPlays * 2)));
}

export function makePlayCatalog(seed: number, songs: Song[], unknownCount: number): PlayCatalog {
  const size = songs.length + unknownCount;
  const cat: PlayCatalog = {
    known: songs.length,
    size,
    song: new Array<string>(size),
    artist: new Array<string>(size),
    length: new Array<string>(size),
    seconds: new Float64Array(size),
  };
  // Keys of the generated songs as the log would carry them: an unknown song must never equal one.
  const knownKeys = new Set<string>();
  songs.forEach((s, i) => {
    // Logged as the real logs log every non-ASCII name, doubly mis-decoded: staging repairs it, so they still match.
    cat.song[i] = logString(mojibake(s.title));
    cat.artist[i] = logString(mojibake(s.artist.name));
    cat.length[i] = pyFloat(s.duration);
    cat.seconds[i] = s.duration;
    knownKeys.add(cat.song[i] + '\u0000' + cat.artist[i] + '\u0000' + cat.length[i]);
  });
  const rng = new Rng(seed, Stream.unknownSongs);
  for (let i = songs.length; i < size; ) {
    const song = logString(mojibake(songTitle(rng)));
    const artist = logString(mojibake(artistName(rng)));
    const seconds = songSeconds(rng);
    const length = pyFloat(seconds);
    if (knownKeys.has(song + '\u0000' + artist + '\u0000' + length)) continue;
    cat.song[i] = song;
    cat.artist[i] = artist;
    cat.length[i] = length;
    cat.seconds[i] = seconds;
    i++;
  }
  return cat;
}
