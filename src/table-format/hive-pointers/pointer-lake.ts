/**
 * The publishing half of the Hive-with-pointers format, one per kind of storage (a folder can swap symlinks, S3
 * cannot). A lake hands each output of a run its own fresh location (a version), and publishing makes that
 * version the one readers see, atomically per output: a reader sees the previous complete table or the new one,
 * never a mix. A run that fails or is killed publishes nothing, so the previous tables stay as they were.
 */
export interface PointerLake {
  begin(runId: string, names: string[]): Promise<Record<string, string>>;
  plannedLocations(runId: string, names: string[]): Record<string, string>;
  publish(runId: string, name: string): Promise<void>;
  end(runId: string, succeeded: boolean): Promise<void>;
  /** The run whose version of `name` is published, or null when it was never published. */
  current(name: string): Promise<{ run: string } | null>;
  publishedLocation(name: string): Promise<string | null>;
}
