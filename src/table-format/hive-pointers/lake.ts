/**
 * Where a run's tables go, and how they become visible. A lake hands each table of a run its own fresh
 * location (a version), and publishing makes that version the table readers see, atomically per table:
 * a reader sees the previous complete table or the new one, never a mix. A run that fails or is killed
 * publishes nothing, so the previous tables stay as they were.
 */
export interface Lake {
  /** Takes the output for this run; returns each name's fresh location (a folder or an s3:// prefix). */
  begin(runId: string, names: string[]): Promise<Record<string, string>>;
  /** Makes the run's version of `name` the published one. */
  publish(runId: string, name: string): Promise<void>;
  /** Releases the output; a failed run's unpublished versions are removed. */
  end(runId: string, succeeded: boolean): Promise<void>;
}
