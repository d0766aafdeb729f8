-- time, incremental: the rows to append, start times the lake does not hold yet (lake_time holds the partitions
-- of this run's start times).
SELECT *
FROM new_time
WHERE start_time NOT IN (SELECT start_time FROM lake_time)
