-- songplays, incremental: the table this run commits, for the models after it (time): the lake's rows of the
-- partitions this run touches and the rows it appends.
SELECT * FROM lake_songplays
UNION ALL
SELECT * FROM added_songplays
