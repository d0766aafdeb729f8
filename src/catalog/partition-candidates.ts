/**
 * Columns worth considering as partition columns, per table: what the skew analysis counts distinct values
 * of (low-cardinality columns analysts filter on, and the high-cardinality ones someone might be tempted by).
 */
export const PARTITION_CANDIDATES: Record<string, string[]> = {
  songplays: ['year', 'month', 'level', 'user_id', 'artist_id'],
  users: ['level', 'gender'],
  songs: ['year', 'artist_id'],
  artists: ['artist_id'],
  time: ['year', 'month', 'weekday'],
};
