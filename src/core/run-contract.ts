import type pl from 'nodejs-polars';
import type { Progress } from '../progress';
import type { Phases } from './phase-timer';

/** What an engine is asked to do: read the sources under `input`, run the models, and write each table
 *  and the quarantine to its location (named by table, and QUARANTINE_DIR). Publishing is not its job. */
export interface BuildJob {
  input: string;
  /** The lake the locations belong to (a folder or an s3:// prefix), for engines that tell how to follow up. */
  output?: string;
  locations: Record<string, string>;
  progress: Progress;
  /** Input files fetched at once (default: by the kind of input, see readConcurrency). */
  concurrency?: number;
  /** The run's id, for engines that name things after it (the EMR step, its spec on S3). */
  runId?: string;
  /** Set for an incremental run (`etl --incremental`): read only these input files and merge into the lake. */
  incremental?: IncrementalJob;
  /**
   * The input files as the run listed them (what its bookmark records), by source folder. An engine reading in
   * this process reads these rather than listing again: the same files the bookmark names, and one listing less
   * (5,000 song files: ~0.2 s).
   */
  listed?: Record<string, ListedFile[]>;
  /**
   * The run's phase timer (`etl --verbose` prints the breakdown): an engine times its steps there (reading each
   * source, each model, each table's write), one start and end per step. An engine that times nothing is shown as
   * one phase, its whole build.
   */
  phases?: Phases;
}

/** One input file as a listing found it, relative to the input root: the run's own InputFile entries, shared
 *  rather than copied (250,000 song files listed twice more were ~250,000 more objects in every full collection). */
export interface ListedFile {
  path: string;
  size: number;
  modified?: number;
  etag?: string;
}

/** One committed data file of a lake table, as an incremental run's merge steps read it. */
export type LakeDataFile = Required<Omit<DataFile, 'stats'>> & Pick<DataFile, 'stats'>;

/**
 * What an engine needs for an incremental run, beyond a full run's job: the input files not consumed before, the
 * lake's tables as the run's base snapshot holds them, and which tables it writes. The steps to run are
 * `renderIncrementalModels` (src/models/models.ts), the same for every engine.
 */
export interface IncrementalJob {
  /** Input files to read, per source folder (`song_data`, `log_data`), relative to the input root. */
  sourceFiles: Record<string, string[]>;
  /** Each table's location and committed data files (paths relative to the location). */
  lake: Record<string, { location: string; files: LakeDataFile[] }>;
  /** Tables this run writes (replaced or appended to); the others are read, not written. */
  writes: string[];
  /** Re-read every log file and rebuild songplays and time (`--rematch`). */
  rematch: boolean;
  /** Reads some of a lake table's files (only `columns`, when given) into a frame in catalog types: for engines in this process. */
  read?(table: string, files: LakeDataFile[], columns?: string[]): Promise<pl.DataFrame>;
}

/** One table as an engine wrote it to the location it was handed: what the run summary and manifest report. */
export interface WrittenTable {
  table: string;
  rows: number;
  partitions: number;
  files: number;
  bytes: number;
}

/** One data file of a table, relative to the table's location ('/'-separated, partition folders included). */
export interface DataFile {
  path: string;
  bytes: number;
  /** A committed file's partition values as its Delta add action records them (null: the null partition). */
  partitionValues?: Record<string, string | null>;
  /**
   * The file's Delta per-file statistics, JSON text (PROTOCOL.md "Per-file Statistics": numRecords, minValues,
   * maxValues, nullCount over its stored columns), which readers use to skip it. The local engine computes them from
   * its frames; for files an engine only lists, the run reads them from each file's Parquet footer.
   */
  stats?: string;
}

export interface SourceStats {
  source: string;
  files: number;
  bytes: number;
  /** Records loaded (not quarantined). */
  records: number;
  quarantined: number;
}

/** A field seen in records though the source does not declare it, or declared but absent from whole files. */
export interface FieldDrift {
  source: string;
  field: string;
  kind: 'undeclared' | 'missing';
  /** Records that hold the undeclared field, or records of the files that lack the declared one. */
  records: number;
  /** Files concerned. */
  files: number;
  firstFile: string;
  /** The first record's line in firstFile (null for a missing field: the whole file lacks it). */
  firstLine: number | null;
}

/**
 * What a run on a paid target cost: estimated before it ran (from prices, sizes and throughput, see
 * src/engines/aws-cost/), and measured after (from what AWS reports for the run). Recorded in the run manifest.
 */
export interface RunCost {
  estimate?: RunCostEstimate;
  measured?: RunCostMeasured;
}

export interface RunCostEstimate {
  dollars: number;
  minutes: number;
  /** What the estimate rests on: the target, prices, sizes and which rates were measured or assumed. */
  basis: string;
}

export interface RunCostMeasured {
  dollars: number;
  /** Where the figures come from: the AWS call and field, and the prices applied. */
  source: string;
  /** EMR Serverless: the resources the job run was billed for (or used, when AWS reports no billed figures). */
  vcpuHours?: number;
  memoryGbHours?: number;
  storageGbHours?: number;
  /** EMR on EC2: instances × hours of the cluster's timeline. */
  instanceHours?: number;
  durationSeconds?: number;
}

export interface BuildResult {
  sources: SourceStats[];
  /** Schema drift the sources showed: fields not declared, declared fields absent from whole files. */
  drift?: FieldDrift[];
  tables: WrittenTable[];
  quarantined: number;
  /** NextSong events: `loaded` from the sources (quarantined records excluded), `distinct` after the staging
   *  model dropped duplicate deliveries. The songplays reconciliation check compares against `distinct`;
   *  an engine that leaves it out gets that check skipped. */
  nextSongEvents?: { loaded: number; distinct: number; alreadyInLake?: number };
  /** Set when the engine handed the work off without waiting for it (an EMR step with --no-wait): no tables
   *  are written yet, so nothing may be published. Says how to follow the work, with the ids it needs. */
  pending?: { message: string; ids: Record<string, string> };
  /**
   * Every table as the engine wrote it, by name, when it still holds them all in memory (the local engine on an
   * input it models at once): the gate checks these rather than reading the files back (at 1M events the gate
   * took 0.7 s rather than 1.8 s, most of that songs' thousands of one-row files).
   */
  frames?: Record<string, pl.DataFrame>;
  /**
   * The data files the engine wrote, by table, relative to each table's location, when it knows them (the local
   * engine): the run commits these rather than listing its folders (songs' thousands of folders at 1M: ~0.15 s).
   */
  dataFiles?: Record<string, DataFile[]>;
  /** The run's cost on a paid target (EMR, EMR Serverless): the estimate, and what AWS reported it used. */
  cost?: RunCost;
}

export interface Engine {
  name: string;
  build(job: BuildJob): Promise<BuildResult>;
  /** Set when the engine was asked only to show what a run would do (EMR's --dry-run): the run prints this text,
   *  given the locations the table format would hand out, and touches nothing. */
  preview?(job: Pick<BuildJob, 'input' | 'output' | 'locations' | 'runId'>, json: boolean): Promise<string>;
}

export const QUARANTINE_DIR = '_quarantine';
export const QUARANTINE_FILE = 'part-00000.jsonl';

/** Thrown when an engine stops waiting for work that goes on elsewhere (an EMR step past --timeout-minutes): the
 *  run has failed here, but its versions must be kept, since the work is still writing them and may be
 *  published later (`sparkify emr publish`). */
export class StillRunningError extends Error {}
