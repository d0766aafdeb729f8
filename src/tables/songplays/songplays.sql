-- songplays: one row per song play (NextSong event), with the song and artist when the play matches a song.
WITH candidates AS (
  -- A play names its song by title, artist name and duration. The songs and artists tables hold them (the artist's
  -- name as the artists table keeps it), so an incremental run matches new plays against the lake's catalogue with
  -- the same rule as a full run. The MSD holds a few exact duplicates of that triple under different ids, so keep
  -- one candidate per triple (the smallest song_id) to keep one row per play.
  SELECT
    s.title, a.name AS artist_name, s.duration, s.song_id, s.artist_id,
    row_number() OVER (PARTITION BY s.title, a.name, s.duration ORDER BY s.song_id) AS pick
  FROM {{ ref('songs') }} AS s
  INNER JOIN {{ ref('artists') }} AS a ON s.artist_id = a.artist_id
  WHERE s.title IS NOT NULL AND a.name IS NOT NULL AND s.duration IS NOT NULL
),
song_match AS (
  SELECT title, artist_name, duration, song_id, artist_id FROM candidates WHERE pick = 1
)
SELECT
  -- Derived from the event's natural key, so every run and engine gives the same id.
  {{ stable_id(e.user_id, e.session_id, e.item_in_session) }} AS songplay_id,
  e.start_time,
  e.user_id,
  e.level,
  m.song_id,
  m.artist_id,
  e.session_id,
  e.location,
  e.user_agent,
  EXTRACT(YEAR FROM e.start_time) AS year,
  EXTRACT(MONTH FROM e.start_time) AS month
FROM {{ ref('stg_events') }} AS e
LEFT JOIN song_match AS m
  ON e.song_title = m.title AND e.artist_name = m.artist_name AND e.song_length = m.duration
WHERE e.page = 'NextSong'
