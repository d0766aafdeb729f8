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
