-- stg_events: the app events, typed and cleaned; one row per event.
-- Each fix is one line here; the notebooks present them with their evidence.
WITH garbled_names AS (
  -- Non-ASCII artist and song names arrive double-encoded: UTF-8 read as Latin-1 twice ("BjÃÂ¶rk" for "Björk";
  -- rule and limits in src/models/double-utf8.ts). Repaired once per distinct such name (a few hundred) and
  -- joined back, not on every event: Polars' form is 96 REPLACEs.
  SELECT artist AS name FROM raw_events WHERE {{ is_double_utf8(artist) }}
  UNION
  SELECT song AS name FROM raw_events WHERE {{ is_double_utf8(song) }}
),
repair_pass_1 AS (SELECT name, {{ repair_double_utf8(name, 1) }} AS repaired FROM garbled_names),
repair_pass_2 AS (SELECT name, {{ repair_double_utf8(repaired, 2) }} AS repaired FROM repair_pass_1),
repaired_names AS (SELECT name, {{ repair_double_utf8(repaired, 3) }} AS repaired FROM repair_pass_2),
typed AS (
  SELECT
    -- userId is a string, empty for logged-out events: those belong to no user.
    CAST(NULLIF(userId, '') AS BIGINT) AS user_id,
    -- ts is epoch milliseconds (UTC); keep the number too, it orders events exactly.
    {{ epoch_ms_to_timestamp(ts) }} AS start_time,
    ts AS ts_ms,
    -- registration is epoch milliseconds written as a float (1540919166796.0): an integer in disguise.
    CAST(registration AS BIGINT) AS registration_ms,
    sessionId AS session_id,
    itemInSession AS item_in_session,
    page,
    auth,
    level,
    -- Empty strings mean "unknown" in this log: make them null.
    NULLIF(firstName, '') AS first_name,
    NULLIF(lastName, '') AS last_name,
    NULLIF(gender, '') AS gender,
    NULLIF(location, '') AS location,
    -- userAgent arrives wrapped in its own quotes ("\"Mozilla/5.0 …\""): drop that one outer pair.
    NULLIF(CASE WHEN userAgent LIKE '"%"' THEN SUBSTR(userAgent, 2, LENGTH(userAgent) - 2) ELSE userAgent END, '') AS user_agent,
    NULLIF(COALESCE(repaired_song.repaired, song), '') AS song_title,
    NULLIF(COALESCE(repaired_artist.repaired, artist), '') AS artist_name,
    length AS song_length,
    _seq
  FROM raw_events
  LEFT JOIN repaired_names AS repaired_song ON raw_events.song = repaired_song.name
  LEFT JOIN repaired_names AS repaired_artist ON raw_events.artist = repaired_artist.name
),
first_deliveries AS (
  -- The same event delivered twice (a re-sent file, an overlapping export) must count once: an event is
  -- identified by its user, session and position in the session, and the first delivery in input order
  -- (_seq: file, then line) wins. A GROUP BY, not a window: ten times faster on a million events in Polars.
  SELECT MIN(_seq) AS _seq
  FROM typed
  GROUP BY user_id, session_id, item_in_session
)
SELECT
  t.user_id, t.start_time, t.ts_ms, t.registration_ms, t.session_id, t.item_in_session, t.page, t.auth, t.level,
  t.first_name, t.last_name, t.gender, t.location, t.user_agent, t.song_title, t.artist_name, t.song_length
FROM typed AS t
INNER JOIN first_deliveries AS f ON t._seq = f._seq
