-- time: one row per distinct songplay start_time, broken into the units analysts group by.
SELECT DISTINCT
  start_time,
  EXTRACT(HOUR FROM start_time) AS hour,
  EXTRACT(DAY FROM start_time) AS day,
  {{ iso_week(start_time) }} AS week,
  EXTRACT(MONTH FROM start_time) AS month,
  EXTRACT(YEAR FROM start_time) AS year,
  {{ iso_weekday(start_time) }} AS weekday
FROM {{ ref('songplays') }}
