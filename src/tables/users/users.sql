-- users: one row per user seen with an id, on any page. Eight users of the sample change level (free/paid)
-- during the month, so a plain DISTINCT gives more rows than users: take the profile of the latest event.
-- latest_event_time keeps that event's time, so an incremental run (merge.sql) can tell which is newer.
WITH latest_first AS (
  SELECT
    user_id, first_name, last_name, gender, level, start_time,
    row_number() OVER (PARTITION BY user_id ORDER BY ts_ms DESC, session_id DESC, item_in_session DESC) AS recency
  FROM {{ ref('stg_events') }}
  WHERE user_id IS NOT NULL
)
SELECT user_id, first_name, last_name, gender, level, start_time AS latest_event_time
FROM latest_first
WHERE recency = 1
