-- stg_events: the app events, typed and cleaned; one row per event.
-- Each fix is one line here; the notebooks present them with their evidence.
WITH typed AS (
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
    NULLIF(song, '') AS song_title,
    NULLIF(artist, '') AS artist_name,
    length AS song_length,
    _file,
    _line
  FROM raw_events
),
deliveries AS (
  -- The same event delivered twice (a re-sent file, an overlapping export) must count once:
  -- an event is identified by its user, session and position in the session.
  SELECT
    *,
    row_number() OVER (
      PARTITION BY user_id, session_id, item_in_session
      ORDER BY ts_ms, _file, _line
    ) AS delivery
  FROM typed
)
SELECT
  user_id, start_time, ts_ms, registration_ms, session_id, item_in_session, page, auth, level,
  first_name, last_name, gender, location, user_agent, song_title, artist_name, song_length
FROM deliveries
WHERE delivery = 1
