-- songs: one row per song.
SELECT song_id, title, artist_id, year, duration
FROM {{ ref('stg_songs') }}
