-- songs, incremental: an upsert. The songs of this run's new or changed song files (new_songs) replace the lake's
-- rows of the same song_id; every other song stays as the lake holds it.
SELECT song_id, title, artist_id, year, duration FROM new_songs
UNION ALL
SELECT song_id, title, artist_id, year, duration FROM lake_songs
WHERE song_id NOT IN (SELECT song_id FROM new_songs)
