-- artists, incremental: the most complete row per artist (coordinates, then location), as artists.sql picks it,
-- between the lake's row and the best row of this run's song files. On a tie the lake's row stays: the lake does
-- not keep which song a row came from, so the full run's last tie-break (smallest song_id) cannot be replayed.
WITH candidates AS (
  SELECT artist_id, name, location, latitude, longitude, 1 AS from_run FROM new_artists
  UNION ALL
  SELECT artist_id, name, location, latitude, longitude, 0 AS from_run FROM lake_artists
),
scored AS (
  SELECT
    *,
    {% artist_completeness(latitude, longitude, location) %}
  FROM candidates
),
ranked AS (
  SELECT
    *,
    row_number() OVER (PARTITION BY artist_id ORDER BY lacks_coordinates, lacks_location, from_run) AS completeness
  FROM scored
)
SELECT artist_id, name, location, latitude, longitude
FROM ranked
WHERE completeness = 1
