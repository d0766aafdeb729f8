import type { FieldDrift, SourceStats } from '../core/run-contract';

export type { FieldDrift };
import type { RunCost, WrittenTable } from '../core/run-contract';
import type { CheckResult } from '../quality/check-result';
import type { ReconciliationCounts } from '../quality/evaluate-check';

/** The lake folder holding one manifest per committed run, `_runs/<runId>.json` (a `_` folder: table readers skip it). */
export const RUN_MANIFEST_DIR = '_runs';

export function runManifestKey(runId: string): string {
  return `${RUN_MANIFEST_DIR}/${runId}.json`;
}

/**
 * What a run measured and decided, published with its tables: the counts reconciliation needs (so
 * `sparkify check` can reconcile a lake without re-reading the raw input), and the checks it passed.
 */
export interface RunManifest {
  runId: string;
  engine: string;
  input: string;
  finishedAt: string;
  sources: SourceStats[];
  /** NextSong events: loaded (quarantined records excluded) and distinct after dropping duplicate deliveries.
   *  Null when the engine did not report them. */
  nextSongEvents: {
    loaded: number;
    distinct: number;
    /** An incremental run: of the distinct plays, those the lake already held (not appended again)… */
    alreadyInLake?: number;
    /** …and the rows songplays held before the run. */
    rowsBefore?: number;
  } | null;
  tables: WrittenTable[];
  quarantined: number;
  checks: CheckResult[];
  /** The Delta version each table was committed at by this run (absent until the run is committed): reading
   *  every table at these versions gives one consistent star. */
  versions?: Record<string, number>;
  /** The run's number in the lake's commit order (its Delta `txn` version in every table it committed). */
  seq?: number;
  /** 'incremental' for `etl --incremental` runs that merged into the lake (absent: a full run). */
  mode?: 'full' | 'incremental';
  /** The run whose tables an incremental run read and merged into. */
  baseRunId?: string;
  /** The input files this run read (new or changed since the bookmark), per source folder. */
  read?: InputFile[];
  /** Every input file the lake's tables hold after this run: the bookmark the next incremental run compares the
   *  input against (a file whose size or ETag/modification time changed counts as new). */
  bookmark?: InputFile[];
  /** Fields that appeared in, or went missing from, the input (not declared, or declared but absent). */
  drift?: FieldDrift[];
  /** Plays per UTC day (`YYYY-MM-DD` of songplays.start_time → rows) of the whole songplays table as the run left
   *  it (an incremental run: its base's days plus the plays it appended): the volume guard's history. */
  dailyPlays?: Record<string, number>;
  /** An incremental run's input files it could not fold in exactly: re-delivered with other content, or gone from
   *  the input (paths), with the warning it gave. */
  notFolded?: { changed: string[]; gone: string[]; warning: string };
  /** The guards this run was let through by their override flags (`allow-shrink`…), see src/catalog/guards.ts. */
  overrides?: string[];
  /** Per source folder with any: the files below it the run did not read (hidden, not data, empty, a link out of
   *  the input or round a loop), counted, and the first of them listed. */
  skipped?: SkippedInputs[];
  /** On a paid target (EMR, EMR Serverless): the run's estimated cost, and the cost AWS's figures for it imply. */
  cost?: RunCost;
}

/** The files of one source folder a run did not read. */
export interface SkippedInputs {
  /** The source folder, `song_data` or `log_data`. */
  source: string;
  total: number;
  /** How many for each kind of reason: `not a data file`, `hidden`, `empty`, `symlink outside the input`… */
  byReason: Record<string, number>;
  /** The extensions of the files counted as not data files (`.csv`, `.txt`: the first ten, sorted). */
  extensions?: string[];
  /** The first of them by path (at most MAX_SKIPPED_LISTED: a 250,000-file listing cannot bloat the manifest). */
  files: SkippedInputFile[];
}

/** One file not read, by its path relative to the input (a link by its own path, never its target's). */
export interface SkippedInputFile {
  path: string;
  size: number;
  /** `hidden`, `not a data file (.txt)`, `empty`, `symlink outside the input`, `symlink loop`, `broken symlink`. */
  reason: string;
}

/** One input file as a run consumed it: enough to tell a re-delivered file with new content from the same file. */
export interface InputFile {
  /** The source folder, `song_data` or `log_data`. */
  source: string;
  /** Relative to the input root. */
  path: string;
  size: number;
  /** S3's ETag, or else the modification time (ms). */
  etag?: string;
  modified?: number;
  /** A local file's content hash (src/lake-log/content-hash.ts): what tells an edit that kept size and time. */
  sha1?: string;
  /** A local file's inode and ctime when listed: the next run takes sha1 from here while they still hold. */
  inode?: number;
  changedMs?: number;
}


/** The counts of a manifest that reconciliation checks compare tables against. */
export function reconciliationCounts(manifest: RunManifest | null): ReconciliationCounts {
  const plays = manifest?.nextSongEvents;
  if (!plays) return {};
  const quarantined = manifest!.sources.find((s) => s.source === 'raw_events')?.quarantined ?? 0;
  const explain =
    `${plays.loaded} NextSong events loaded (after ${quarantined} event records quarantined) ` +
    `- ${plays.loaded - plays.distinct} duplicate deliveries`;
  if (plays.rowsBefore === undefined) return { play_events: { expected: plays.distinct, explain } };
  // An incremental run: the rows the lake held, plus this run's plays it did not hold yet.
  const already = plays.alreadyInLake ?? 0;
  return {
    play_events: {
      expected: plays.rowsBefore + plays.distinct - already,
      explain: `${plays.rowsBefore} rows before this run + ${explain} - ${already} plays the lake already held`,
    },
  };
}
