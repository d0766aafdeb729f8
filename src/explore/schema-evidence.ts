import * as path from 'node:path';
import pl from 'nodejs-polars';
import { SONG_SOURCE } from '../catalog/sources';

/**
 * What schema inference makes of the song files: Polars types a column from the first records, and the first
 * song has a null latitude, so the column becomes NULL-typed and the first real latitude breaks the read.
 * Returns the error message, or null if inference worked (then the explicit schema is merely good practice).
 */
export async function songInferenceError(input: string): Promise<string | null> {
  try {
    await pl.scanJson(path.join(input, SONG_SOURCE.folder, '**', '*.json')).collect();
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

export interface CountRow {
  [key: string]: string | number | null;
  count: number;
}

/** Raw events with an empty userId, by page and auth: which kinds of visit have no user. */
export function emptyUserIdsByPage(rawEvents: pl.DataFrame): CountRow[] {
  return rows(
    rawEvents
      .filter(pl.col('userId').eq(pl.lit('')))
      .groupBy(['page', 'auth'])
      .agg(pl.len().alias('count'))
      .sort(['count', 'page'], [true, false]),
  );
}

export interface EpochEvidence {
  field: string;
  min: number;
  max: number;
  /** How many values have a fractional part: none means integers written as floats. */
  fractional: number;
  /** The range read as milliseconds and as seconds since 1970: only one of them is a plausible date. */
  minAsMs: string;
  maxAsMs: string;
  minAsSeconds: string;
}

/** The units of ts and registration, shown by what their range means read as ms or as seconds. */
export function epochEvidence(rawEvents: pl.DataFrame, field: 'ts' | 'registration'): EpochEvidence {
  const values = rawEvents.getColumn(field).dropNulls().toArray().map(Number);
  const min = Math.min(...values);
  const max = Math.max(...values);
  const asDate = (ms: number) => (Math.abs(ms) < 8.64e15 ? new Date(ms).toISOString() : 'out of range');
  return {
    field,
    min,
    max,
    fractional: values.filter((v) => !Number.isInteger(v)).length,
    minAsMs: asDate(min),
    maxAsMs: asDate(max),
    minAsSeconds: asDate(min * 1000),
  };
}

/** Song release years, with 0 (unknown) counted on its own. */
export function songYears(rawSongs: pl.DataFrame): CountRow[] {
  return rows(rawSongs.groupBy('year').agg(pl.len().alias('count')).sort('year'));
}

export function rows(frame: pl.DataFrame): CountRow[] {
  return frame.toRecords() as CountRow[];
}

/** Events per calendar day (UTC) of their start_time: ts read as milliseconds lands every event in one month. */
export function eventsPerDay(stgEvents: pl.DataFrame): CountRow[] {
  return rows(
    stgEvents
      .select(pl.col('start_time').dt.strftime('%Y-%m-%d').alias('day'))
      .groupBy('day')
      .agg(pl.len().alias('count'))
      .sort('day'),
  );
}
