/**
 * Counts a run reports so that reconciliation can be checked later (songplays = NextSong events loaded, less
 * duplicate deliveries). Plain SQL over the raw and staging relations, so every engine computes them the same
 * way: the Spark step runner gets them in its job spec.
 */
export const RUN_COUNTS = {
  /** NextSong events loaded (after the quarantine, before dedup). */
  loaded: "SELECT COUNT(*) AS n FROM raw_events WHERE page = 'NextSong'",
  /** NextSong events after duplicate deliveries were collapsed. */
  distinct: "SELECT COUNT(*) AS n FROM stg_events WHERE page = 'NextSong'",
} as const;

/** Counts of an incremental run (src/models/models.ts renderIncrementalModels), over its merge relations. */
export const INCREMENTAL_RUN_COUNTS = {
  /** This run's distinct plays the lake already held (delivered again in a later file): not appended. */
  alreadyInLake: 'SELECT COUNT(*) AS n FROM new_songplays WHERE songplay_id IN (SELECT songplay_id FROM lake_songplays)',
} as const;
