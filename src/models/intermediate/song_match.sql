-- song_match: the catalogue a play is matched against, one candidate per (title, artist name, duration).
-- A play names its song by title, artist name and duration. The songs and artists tables hold them (the artist's
-- name as the artists table keeps it), so an incremental run matches new plays against the lake's catalogue with
-- the same rule as a full run. The MSD holds a few exact duplicates of that triple under different ids, so keep
-- one candidate per triple (the smallest song_id) to keep one row per play.
-- A model of its own, not a CTE of songplays: it reads no events, so an engine that models the events in buckets
-- of users computes it once rather than once per bucket (at 50M events, 250,000 songs in each of 175 buckets).
WITH candidates AS (
  SELECT
    s.title, a.name AS artist_name, s.duration, s.song_id, s.artist_id,
    row_number() OVER (PARTITION BY s.title, a.name, s.duration ORDER BY s.song_id) AS pick
  FROM {{ ref('songs') }} AS s
  INNER JOIN {{ ref('artists') }} AS a ON s.artist_id = a.artist_id
  WHERE s.title IS NOT NULL AND a.name IS NOT NULL AND s.duration IS NOT NULL
)
SELECT title, artist_name, duration, song_id, artist_id FROM candidates WHERE pick = 1
