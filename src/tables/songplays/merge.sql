-- songplays, incremental: the rows to append. A play already in the lake (the same natural key, hence the same
-- songplay_id, delivered again in a later file) keeps its row: the first delivery wins, as in a full run.
-- lake_songplays holds only the partitions (year, month) this run's plays fall in: a play's partition follows from
-- its start_time, so a re-delivered play can only be found there.
SELECT *
FROM new_songplays
WHERE songplay_id NOT IN (SELECT songplay_id FROM lake_songplays)
