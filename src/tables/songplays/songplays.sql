-- songplays: one row per song play (NextSong event), with the song and artist when the play matches a song.
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
-- The play's song, when the catalogue holds its title, artist name and duration (song_match.sql).
LEFT JOIN {{ ref('song_match') }} AS m
  ON e.song_title = m.title AND e.artist_name = m.artist_name AND e.song_length = m.duration
WHERE e.page = 'NextSong'
