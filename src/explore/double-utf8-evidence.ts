import pl from 'nodejs-polars';
import { songMatchSteps, type MatchStep } from './model-evidence';

/** A Latin-1 character double-encoded: "Ã", U+0082/U+0083, "Â", U+0080–U+00BF (src/models/double-utf8.ts). */
const DOUBLE_ENCODED = 'Ã[\\x{82}\\x{83}]Â[\\x{80}-\\x{BF}]';

export interface DoubleUtf8Counts {
  stage: 'raw log' | 'stg_events';
  /** Events whose artist or song name holds a double-encoded character. */
  events: number;
  distinctArtists: number;
  distinctSongs: number;
}

function garbledCounts(stage: DoubleUtf8Counts['stage'], frame: pl.DataFrame, artist: string, song: string): DoubleUtf8Counts {
  const garbled = (column: string) => pl.col(column).str.contains(DOUBLE_ENCODED).fillNull(false);
  const distinct = (column: string) => frame.filter(garbled(column)).select(column).unique().height;
  return {
    stage,
    events: frame.filter(garbled(artist).or(garbled(song))).height,
    distinctArtists: distinct(artist),
    distinctSongs: distinct(song),
  };
}

/** Double-encoded names before the staging model (raw log) and after it: the repair leaves none. */
export function doubleUtf8Counts(rawEvents: pl.DataFrame, stgEvents: pl.DataFrame): DoubleUtf8Counts[] {
  return [garbledCounts('raw log', rawEvents, 'artist', 'song'), garbledCounts('stg_events', stgEvents, 'artist_name', 'song_title')];
}

/** The raw log's event key typed as staging types it (an empty userId is no user). */
function rawKey(): pl.Expr[] {
  return [
    pl.when(pl.col('userId').eq(pl.lit(''))).then(pl.lit(null)).otherwise(pl.col('userId')).cast(pl.Int64).alias('user_id'),
    pl.col('sessionId').alias('session_id'),
    pl.col('itemInSession').alias('item_in_session'),
  ];
}

/** One row per event, as staging keeps it: the first delivery of each (user, session, item). */
function firstDeliveries(rawEvents: pl.DataFrame): pl.DataFrame {
  return rawEvents.unique({ subset: ['userId', 'sessionId', 'itemInSession'], keep: 'first', maintainOrder: true });
}

export interface RepairedName {
  raw: string;
  repaired: string;
  events: number;
}

/** The most played garbled artist names and what staging made of them. */
export function repairedArtistNames(rawEvents: pl.DataFrame, stgEvents: pl.DataFrame, limit: number): RepairedName[] {
  // Pair each raw event with its staged row through the event's natural key (user, session, item).
  const key = ['user_id', 'session_id', 'item_in_session'];
  const raw = firstDeliveries(rawEvents)
    .filter(pl.col('artist').str.contains(DOUBLE_ENCODED).fillNull(false))
    .select(...rawKey(), pl.col('artist').alias('raw'));
  return raw
    .join(stgEvents.select(...key, pl.col('artist_name').alias('repaired')), { on: key })
    .groupBy(['raw', 'repaired'])
    .agg(pl.len().alias('events'))
    .sort(['events', 'raw'], [true, false])
    .head(limit)
    .toRecords()
    .map((r) => ({ raw: showControls(String(r.raw)), repaired: String(r.repaired), events: Number(r.events) }));
}

/** C1 control characters (U+0080–U+009F) are invisible: write them as \u0083 so the garbling can be seen. */
function showControls(text: string): string {
  return text.replace(/[\u0080-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * The song match as it would be without the repair: the staged plays with their names as the log spelled
 * them. Compared with songMatchSteps on stg_events, it shows what the repair does to the match.
 */
export function songMatchWithoutRepair(rawEvents: pl.DataFrame, stgSongs: pl.DataFrame): MatchStep[] {
  const asLogged = firstDeliveries(rawEvents).select(
    pl.col('page'),
    pl.when(pl.col('song').eq(pl.lit(''))).then(pl.lit(null)).otherwise(pl.col('song')).alias('song_title'),
    pl.when(pl.col('artist').eq(pl.lit(''))).then(pl.lit(null)).otherwise(pl.col('artist')).alias('artist_name'),
    pl.col('length').alias('song_length'),
  );
  return songMatchSteps(asLogged, stgSongs);
}

export interface MatchWithAndWithoutRepair {
  criterion: string;
  plays: number;
  matchedWithoutRepair: number;
  matchedWithRepair: number;
}

/** The song match step by step, with the names as logged and as repaired by staging. */
export function songMatchWithAndWithoutRepair(rawEvents: pl.DataFrame, stgEvents: pl.DataFrame, stgSongs: pl.DataFrame): MatchWithAndWithoutRepair[] {
  const without = songMatchWithoutRepair(rawEvents, stgSongs);
  return songMatchSteps(stgEvents, stgSongs).map((step, i) => ({
    criterion: step.criterion,
    plays: step.plays,
    matchedWithoutRepair: without[i].matched,
    matchedWithRepair: step.matched,
  }));
}
