import pl from 'nodejs-polars';
import { rows, type CountRow } from './schema-evidence';

/** Plays in each (ISO weekday, hour) cell, as analysts get them: songplays joined to time. */
export function playsByWeekdayHour(songplays: pl.DataFrame, time: pl.DataFrame): { weekday: number; hour: number; plays: number }[] {
  return songplays
    .select('start_time')
    .join(time.select('start_time', 'weekday', 'hour'), { on: 'start_time', how: 'inner' })
    .groupBy(['weekday', 'hour'])
    .agg(pl.len().alias('plays'))
    .sort(['weekday', 'hour'])
    .toRecords() as { weekday: number; hour: number; plays: number }[];
}

/** Plays by one column of the time dimension (hour, weekday, day…), every value present, in order. */
export function playsBy(songplays: pl.DataFrame, time: pl.DataFrame, column: string): CountRow[] {
  return rows(
    songplays
      .select('start_time')
      .join(time.select('start_time', column), { on: 'start_time', how: 'inner' })
      .groupBy(column)
      .agg(pl.len().alias('count'))
      .sort(column),
  );
}

export interface LevelShare {
  level: string;
  plays: number;
  users: number;
  playsPerUser: number;
}

/** Free vs paid: plays at each level (the level at the time of the play) and the users who made them. */
export function playsByLevel(songplays: pl.DataFrame): LevelShare[] {
  return (
    songplays
      .groupBy('level')
      .agg(pl.len().alias('plays'), pl.col('user_id').nUnique().alias('users'))
      .sort('level')
      .toRecords() as Omit<LevelShare, 'playsPerUser'>[]
  ).map((r) => ({ ...r, playsPerUser: Math.round((r.plays / r.users) * 10) / 10 }));
}

/**
 * The most played songs and artists as the log names them (title, artist name). The fact table names a song
 * only when it matched the song metadata, which on a sample is rare; the log's names cover every play.
 */
export function topPlayed(stgEvents: pl.DataFrame, by: 'song' | 'artist', limit = 10): CountRow[] {
  const keys = by === 'song' ? ['song_title', 'artist_name'] : ['artist_name'];
  return rows(
    stgEvents
      .filter(pl.col('page').eq(pl.lit('NextSong')))
      .groupBy(keys)
      .agg(pl.len().alias('count'))
      .sort(['count', ...keys], [true, ...keys.map(() => false)])
      .head(limit),
  );
}

/** Top songs by song_id in the fact table, with titles from the songs dimension (matched plays only). */
export function topMatchedSongs(songplays: pl.DataFrame, songs: pl.DataFrame, limit = 10): CountRow[] {
  return topMatched(songplays, songs, 'song_id', 'title', limit);
}

/** Top artists by artist_id in the fact table, with names from the artists dimension (matched plays only). */
export function topMatchedArtists(songplays: pl.DataFrame, artists: pl.DataFrame, limit = 10): CountRow[] {
  return topMatched(songplays, artists, 'artist_id', 'name', limit);
}

function topMatched(songplays: pl.DataFrame, dimension: pl.DataFrame, key: string, label: string, limit: number): CountRow[] {
  return rows(
    songplays
      .filter(pl.col(key).isNotNull())
      .groupBy(key)
      .agg(pl.len().alias('count'))
      .join(dimension.select(key, label), { on: key, how: 'left' })
      .select(key, label, 'count')
      .sort(['count', key], [true, false])
      .head(limit),
  );
}

export interface SessionLength {
  user_id: number;
  session_id: number;
  plays: number;
  /** From the first play's start to the last play's start. */
  minutes: number;
}

/** Plays and minutes of every listening session (user, session) in the fact table. */
export function sessionLengths(songplays: pl.DataFrame): SessionLength[] {
  return songplays
    .groupBy(['user_id', 'session_id'])
    .agg(
      pl.len().alias('plays'),
      pl.col('start_time').min().alias('first'),
      pl.col('start_time').max().alias('last'),
    )
    .sort(['user_id', 'session_id'])
    .toRecords()
    .map((r: any) => ({
      user_id: Number(r.user_id),
      session_id: Number(r.session_id),
      plays: Number(r.plays),
      minutes: Math.round((new Date(r.last).getTime() - new Date(r.first).getTime()) / 600) / 100,
    }));
}

/** Count, median, 90th percentile and maximum of a list of numbers. */
export function summarize(values: number[]): { count: number; median: number; p90: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => (sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1)))]);
  return { count: sorted.length, median: at(0.5), p90: at(0.9), max: sorted[sorted.length - 1] ?? 0 };
}
