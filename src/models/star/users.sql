-- users: one row per user seen with an id, on any page. Eight users of the sample change level (free/paid)
-- during the month, so a plain DISTINCT gives more rows than users: take the profile of the latest event.
WITH latest_first AS (
  SELECT
    user_id, first_name, last_name, gender, level,
    row_number() OVER (PARTITION BY user_id ORDER BY ts_ms DESC, session_id DESC, item_in_session DESC) AS recency
  FROM stg_events
  WHERE user_id IS NOT NULL
)
SELECT user_id, first_name, last_name, gender, level
FROM latest_first
WHERE recency = 1
