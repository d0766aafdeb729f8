-- users, incremental: an upsert by recency. Per user, the row of the latest event wins between the lake's row and
-- this run's: an older event arriving late never overwrites a newer level. On a tie (the same event delivered again)
-- the lake's row stays, as the first delivery wins in a full run.
WITH candidates AS (
  SELECT user_id, first_name, last_name, gender, level, latest_event_time, 0 AS from_lake FROM new_users
  UNION ALL
  SELECT user_id, first_name, last_name, gender, level, latest_event_time, 1 AS from_lake FROM lake_users
),
ranked AS (
  SELECT
    *,
    row_number() OVER (PARTITION BY user_id ORDER BY latest_event_time DESC, from_lake DESC) AS recency
  FROM candidates
)
SELECT user_id, first_name, last_name, gender, level, latest_event_time
FROM ranked
WHERE recency = 1
