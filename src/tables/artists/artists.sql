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
    {% artist_completeness(artist_latitude, artist_longitude, artist_location) %}
  FROM {{ ref('stg_songs') }}
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
