import pl from 'nodejs-polars';
import type { DataFile } from '../core/run-contract';

/**
 * Plays per day and the newest play: what the volume and freshness guards, `sparkify status` and the report read.
 * Days are UTC dates (`YYYY-MM-DD`) of songplays.start_time; counts are the rows of the whole table.
 */
export type DailyPlays = Record<string, number>;

/** The UTC date of an instant (ms since the epoch), `YYYY-MM-DD`. */
export function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Rows per UTC day of start_time, days in order: one group-by over a single column. */
export function dailyPlaysOf(songplays: pl.DataFrame): DailyPlays {
  if (songplays.height === 0) return {};
  const counts = songplays
    .select(pl.col('start_time').cast(pl.Datetime('ms')).cast(pl.Int64).alias('ms'))
    .filter(pl.col('ms').isNotNull())
    .select(pl.col('ms').div(86_400_000).floor().cast(pl.Int64).alias('day'))
    .groupBy('day')
    .agg(pl.len().alias('plays'))
    .sort('day');
  const days = counts.getColumn('day').toArray() as Array<number | bigint>;
  const plays = counts.getColumn('plays').toArray() as Array<number | bigint>;
  return Object.fromEntries(days.map((d, i) => [dayOf(Number(d) * 86_400_000), Number(plays[i])]));
}

/** Two day counts added up (a base table's and the rows appended to it), days in order. */
export function addDailyPlays(a: DailyPlays, b: DailyPlays): DailyPlays {
  const out: DailyPlays = { ...a };
  for (const [day, n] of Object.entries(b)) out[day] = (out[day] ?? 0) + n;
  return Object.fromEntries(Object.entries(out).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)));
}

interface FileStats {
  numRecords?: number;
  maxValues?: Record<string, unknown>;
}

function statsOf(file: DataFile): FileStats | null {
  return file.stats ? (JSON.parse(file.stats) as FileStats) : null;
}

/** Rows of a set of files by their statistics; null when one has none. */
export function rowsOf(files: DataFile[]): number | null {
  let rows = 0;
  for (const f of files) {
    const n = statsOf(f)?.numRecords;
    if (typeof n !== 'number') return null;
    rows += n;
  }
  return rows;
}

/** The newest start_time among files' statistics (ms), or null. */
export function newestStartTime(files: DataFile[]): number | null {
  let newest: number | null = null;
  for (const f of files) {
    const max = statsOf(f)?.maxValues?.start_time;
    const ms = typeof max === 'string' ? Date.parse(max) : NaN;
    if (Number.isFinite(ms)) newest = Math.max(newest ?? ms, ms);
  }
  return newest;
}
