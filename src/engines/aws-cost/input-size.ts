import { tableByName } from '../../catalog/tables';
import type { Assumption } from './assumption';

/** How much work a run has, as an estimate needs it, with where each figure comes from. */
export interface InputSizes {
  songFiles: number;
  logBytes: number;
  events: number;
  /** Parquet files the run writes: mostly `songs`, one per (year, artist) partition folder. */
  filesWritten: number;
  assumptions: Assumption[];
}

/** Bytes of log JSON per event, measured on the real sample: what turns a listing's bytes into events. */
export const SAMPLE_BYTES_PER_EVENT: Assumption = {
  name: 'log bytes per event',
  value: 3_755_598 / 8_056,
  unit: 'B',
  basis: 'measured',
  source: 'data/sample/log_data: 3,755,598 bytes holding 8,056 events',
};

/** `songs` by year and artist (SPARKIFY_LAYOUT=songs:by-artist): about 10,000 folders for the full dataset's ~14,900 songs. */
export const SONG_FOLDERS_PER_SONG_FILE = 10_000 / 14_896;

/** `songs` by year alone: a file per release year, which the Million Song Dataset spans 1922–2011, plus the unknown year. */
export const SONG_YEAR_FOLDERS = 91;

/** Input files by source folder (`song_data`, `log_data`), as a run lists them (BuildJob.listed). */
export type ListedInput = Record<string, Array<{ size: number }>>;

/** The sizes of an input a run listed: files counted, events from the log bytes at the sample's bytes per event. */
export function inputSizesFromListing(listed: ListedInput, where: string): InputSizes {
  const songFiles = listed.song_data?.length ?? 0;
  const logFiles = listed.log_data ?? [];
  const logBytes = logFiles.reduce((sum, f) => sum + f.size, 0);
  const events = Math.round(logBytes / SAMPLE_BYTES_PER_EVENT.value);
  return withFilesWritten({ songFiles, logBytes, events }, [
    { name: 'song files', value: songFiles, unit: 'files', basis: 'listed', source: `listed in ${where}` },
    { name: 'log bytes', value: logBytes, unit: 'B', basis: 'listed', source: `${logFiles.length} log files listed in ${where} (a gzipped file counts its compressed bytes)` },
    SAMPLE_BYTES_PER_EVENT,
    { name: 'events', value: events, unit: 'events', basis: 'listed', source: 'log bytes ÷ log bytes per event' },
  ]);
}

/**
 * Sizes given as counts, where nothing was listed (a dry run sends nothing, so it lists nothing either): `source`
 * says where the counts come from. With only `logBytes`, events come from them at the sample's bytes per event.
 */
export function inputSizesFromCounts(counts: { songFiles: number; events?: number; logBytes?: number }, source: string): InputSizes {
  const logBytes = counts.logBytes ?? Math.round((counts.events ?? 0) * SAMPLE_BYTES_PER_EVENT.value);
  const events = counts.events ?? Math.round(logBytes / SAMPLE_BYTES_PER_EVENT.value);
  return withFilesWritten({ songFiles: counts.songFiles, logBytes, events }, [
    { name: 'song files', value: counts.songFiles, unit: 'files', basis: 'assumed', source },
    ...(counts.events === undefined
      ? [SAMPLE_BYTES_PER_EVENT, { name: 'events', value: events, unit: 'events', basis: 'assumed' as const, source: `${logBytes} log bytes (${source}) ÷ log bytes per event` }]
      : [{ name: 'events', value: events, unit: 'events', basis: 'assumed' as const, source }]),
  ]);
}

/** The full Udacity dataset (s3://udacity-dend), as commonly reported: the kit's tests never list it. */
export const FULL_UDACITY_SIZES: InputSizes = inputSizesFromCounts(
  { songFiles: 14_896, events: 8_056 },
  'the full Udacity dataset as commonly reported (docs/spark-emr.md), not listed',
);

/**
 * What a dry run estimates: it sends nothing, so it lists nothing either; the full Udacity dataset's counts, saying
 * why they are not the input's own.
 */
export const DRY_RUN_SIZES: InputSizes = inputSizesFromCounts(
  { songFiles: 14_896, events: 8_056 },
  "not listed (a dry run sends nothing): the full Udacity dataset's counts as commonly reported (docs/spark-emr.md)",
);

function withFilesWritten(counts: Omit<InputSizes, 'filesWritten' | 'assumptions'>, assumptions: Assumption[]): InputSizes {
  const byArtist = tableByName('songs').partitionBy.includes('artist_id');
  const filesWritten = byArtist ? Math.round(counts.songFiles * SONG_FOLDERS_PER_SONG_FILE) : Math.min(counts.songFiles, SONG_YEAR_FOLDERS);
  return {
    ...counts,
    filesWritten,
    assumptions: [
      ...assumptions,
      {
        name: 'Parquet files written',
        value: filesWritten,
        unit: 'files',
        basis: 'assumed',
        source: byArtist
          ? `song files × ${SONG_FOLDERS_PER_SONG_FILE.toFixed(3)}: the full dataset's ~10,000 (year, artist) songs folders per ~14,896 songs; the other tables write a few`
          : `songs by year: at most ${SONG_YEAR_FOLDERS} files (release years 1922–2011 and the unknown year); the other tables write a few`,
      },
    ],
  };
}
