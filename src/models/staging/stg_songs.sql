-- stg_songs: the song metadata, typed and cleaned; one row per song_id.
WITH typed AS (
  SELECT
    song_id,
    NULLIF(title, '') AS title,
    artist_id,
    NULLIF(artist_name, '') AS artist_name,
    -- artist_location is "" when unknown: make it null.
    NULLIF(TRIM(artist_location), '') AS artist_location,
    artist_latitude,
    artist_longitude,
    duration,
    -- year is 0 when unknown: make it null (it becomes __HIVE_DEFAULT_PARTITION__ in songs).
    CAST(NULLIF(year, 0) AS INT) AS year,
    _seq
  FROM raw_songs
),
first_copies AS (
  -- A song listed twice (the same track under two files) counts once; the first in input order wins.
  SELECT MIN(_seq) AS _seq
  FROM typed
  GROUP BY song_id
)
SELECT
  t.song_id, t.title, t.artist_id, t.artist_name, t.artist_location, t.artist_latitude, t.artist_longitude,
  t.duration, t.year
FROM typed AS t
INNER JOIN first_copies AS f ON t._seq = f._seq
