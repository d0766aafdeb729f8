import type pl from 'nodejs-polars';
import type { DataFile } from '../core/run-contract';

export type { DataFile };

/**
 * A table as a format hands it to readers: where it lives and, when known, exactly which data files make it up
 * (files an engine reported, or a committed version's files). Without `files` the format finds them itself.
 */
export interface TableRef {
  table: string;
  location: string;
  files?: DataFile[];
}

/**
 * How tables are laid out in a lake and made visible: the seam between the engines, which only write data files
 * where they are told, and everything that reads tables back. A run goes
 * begin (locations handed to the engine) → the engine writes → the kit gates what was written → publish → end.
 * Outputs that are not tables (the quarantine, the run manifest) go through the same steps.
 */
export interface TableFormat {
  readonly name: string;
  /** The lake's root: a folder or an s3:// prefix. */
  readonly root: string;
  /** Takes the lake for a run; returns each output's location for this run (a folder or an s3:// prefix). */
  begin(runId: string, names: string[]): Promise<Record<string, string>>;
  /** The locations `begin` would hand out, without touching the lake (for a dry run). */
  plannedLocations(runId: string, names: string[]): Record<string, string>;
  /** Makes the run's `name` the one readers see (a commit), atomically per output. */
  publish(runId: string, name: string): Promise<void>;
  /** Releases the lake; a failed run's unpublished data is removed. */
  end(runId: string, succeeded: boolean): Promise<void>;
  /** The run that published `name`, or null when it was never published. */
  publishedRun(name: string): Promise<string | null>;
  /** Where the published `name` lives, or null when it was never published. */
  publishedLocation(name: string): Promise<string | null>;
  /** The data files of a table, sorted by path, with their sizes. */
  listFiles(ref: TableRef): Promise<DataFile[]>;
  /** A table's rows, every column in its catalog type and order (partition columns restored). */
  readTable(ref: TableRef): Promise<pl.DataFrame>;
}
