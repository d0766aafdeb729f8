import type pl from 'nodejs-polars';
import type { DataFile } from '../core/run-contract';
import type { Progress } from '../progress';
import type { Phases } from '../core/phase-timer';
import type { RunManifest } from '../lake-log/run-manifest';
import type { LakeState, TableState } from './delta/lake-state';

export type { DataFile, LakeState, TableState };

/**
 * A table as a format hands it to readers: where it lives and, when known, exactly which data files make it up
 * (files an engine reported, or a committed version's files). Without `files` the format finds them itself.
 */
export interface TableRef {
  table: string;
  location: string;
  files?: DataFile[];
  /** The table version to read (a committed table); the latest when absent. */
  version?: number;
}

export interface PublishOptions {
  /** How many of each table's newest versions stay readable after the commit (default 2). */
  keepVersions?: number;
  /** Told of each table's commit as it lands. */
  onCommit?(table: string, version: number): void;
  /** An incremental run: how each table changes, against the versions its base run committed. */
  merge?: MergeCommit;
  /** The run's files per table, as the gate read them (listed again when absent): 33,843 songs files took 2.2 s to list. */
  runFiles?: Record<string, DataFile[]>;
  /** Where the commit phase says what it does: waiting for the lock, a repair, other writers' commits replaced. */
  progress?: Progress;
  /** The run's phase timer: the commit's steps are timed there, under "commit". */
  phases?: Phases;
}

/**
 * How an incremental run commits: each table replaced (overwrite), appended to, or left as it is (a commit that
 * only records the run). It merged into each table's latest version, other writers' commits included. If another
 * kit run committed since, or a replaced table changed since it was read, nothing is committed.
 */
export interface MergeCommit {
  /** The latest committed run when the run read the lake (its bookmark is the run's base). */
  baseRunId: string;
  /** The version of each table the run read. */
  baseVersions: Record<string, number>;
  modes: Record<string, 'overwrite' | 'append' | 'unchanged'>;
}

/**
 * How tables are laid out in a lake and made visible: the seam between the engines, which only write data files
 * where they are told, and everything that reads tables back. A run goes
 * begin (locations handed to the engine) → the engine writes → the kit gates what was written → publish → end.
 * The quarantine gets a location from `begin` too; the run manifest is written by `publish`.
 */
export interface TableFormat {
  readonly name: string;
  /** The lake's root: a folder or an s3:// prefix. */
  readonly root: string;
  /** Takes the lake for a run; returns each output's location for this run (a folder or an s3:// prefix). */
  begin(runId: string, names: string[]): Promise<Record<string, string>>;
  /** The locations `begin` would hand out, without touching the lake (for a dry run). */
  plannedLocations(runId: string, names: string[]): Record<string, string>;
  /**
   * Makes the run's tables the ones readers see, together (a commit per table, serialized against other runs),
   * then records the run manifest with what was committed; returns that manifest.
   */
  publish(manifest: RunManifest, options?: PublishOptions): Promise<RunManifest>;
  /** Ends any run a crash left between its table commits (finishing or rolling it back): one line per run ended. */
  repair(by: string, progress?: Progress): Promise<string[]>;
  /** What Delta readers see now: each table's version and run, other writers' commits, whether the star is torn. */
  state(): Promise<LakeState>;
  /** Releases the lake; a failed run's unpublished data is removed. */
  end(runId: string, succeeded: boolean): Promise<void>;
  /** The run that published `name`, or null when it was never published. */
  publishedRun(name: string): Promise<string | null>;
  /** The manifest of the latest run committed whole, in the lake's commit order, or null. */
  latestManifest(): Promise<RunManifest | null>;
  /** Where the published `name` lives, or null when it was never published. */
  publishedLocation(name: string): Promise<string | null>;
  /** The data files of a table, sorted by path, with their sizes. */
  listFiles(ref: TableRef): Promise<DataFile[]>;
  /** A table's rows, every column (or `only` those) in its catalog type and order (partition columns restored). */
  readTable(ref: TableRef, only?: string[]): Promise<pl.DataFrame>;
}
