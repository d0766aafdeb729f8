-- artists: one row per artist. Each song file repeats its artist's attributes, and they can disagree
-- between files: keep the most complete row (coordinates, then location), the smallest song_id on a tie.
WITH scored AS (
  SELECT
    artist_id,
    artist_name AS name,
    artist_location AS location,
    artist_latitude AS latitude,
    artist_longitude AS longitude,
    song_id,
    CASE WHEN artist_latitude IS NULL OR artist_longitude IS NULL THEN 1 ELSE 0 END AS lacks_coordinates,
    CASE WHEN artist_location IS NULL THEN 1 ELSE 0 END AS lacks_location
  FROM stg_songs
),
ranked AS (
  SELECT
    *,
    row_number() OVER (PARTITION BY artist_id ORDER BY lacks_coordinates, lacks_location, song_id) AS completeness
  FROM scored
)
SELECT artist_id, name, location, latitude, longitude
FROM ranked
WHERE completeness = 1
