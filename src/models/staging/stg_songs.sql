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
    _file,
    _line
  FROM raw_songs
),
copies AS (
  -- A song listed twice (the same track under two files) counts once; the first file wins.
  SELECT *, row_number() OVER (PARTITION BY song_id ORDER BY _file, _line) AS copy
  FROM typed
)
SELECT song_id, title, artist_id, artist_name, artist_location, artist_latitude, artist_longitude, duration, year
FROM copies
WHERE copy = 1
