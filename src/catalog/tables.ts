import type { TableDef } from './types';

/**
 * The star schema, declared once. Writing, checks, docs and notebooks read this; nobody re-types a column list.
 * Partition columns are part of the table (readers with Hive partitioning get them back) but, as Spark writes them,
 * they live in folder names rather than inside the Parquet files.
 */
export const TABLES: TableDef[] = [
  {
    name: 'songplays',
    model: 'songplays',
    doc: 'Fact: one row per song play (a NextSong event), deduplicated on the event natural key.',
    columns: [
      { name: 'songplay_id', type: 'bigint', nullable: false, doc: 'Stable 62-bit hash of (user_id, session_id, item_in_session).' },
      { name: 'start_time', type: 'timestamp', nullable: false, doc: 'Event time (UTC).' },
      { name: 'user_id', type: 'bigint', nullable: false, doc: 'References users.' },
      { name: 'level', type: 'string', nullable: true, doc: 'free / paid at the time of the play.' },
      { name: 'song_id', type: 'string', nullable: true, doc: 'References songs; null when no song matches.' },
      { name: 'artist_id', type: 'string', nullable: true, doc: 'References artists; null when no song matches.' },
      { name: 'session_id', type: 'bigint', nullable: false, doc: 'App session.' },
      { name: 'location', type: 'string', nullable: true, doc: 'User metro area.' },
      { name: 'user_agent', type: 'string', nullable: true, doc: 'Browser user agent.' },
      { name: 'year', type: 'int', nullable: false, doc: 'Partition: year of start_time.' },
      { name: 'month', type: 'int', nullable: false, doc: 'Partition: month of start_time.' },
    ],
    key: ['songplay_id'],
    partitionBy: ['year', 'month'],
    sortBy: ['start_time', 'songplay_id'],
  },
  {
    name: 'users',
    model: 'users',
    doc: 'Dimension: one row per user seen with an id, profile and level from their latest event.',
    columns: [
      { name: 'user_id', type: 'bigint', nullable: false, doc: 'App user id.' },
      { name: 'first_name', type: 'string', nullable: true, doc: '' },
      { name: 'last_name', type: 'string', nullable: true, doc: '' },
      { name: 'gender', type: 'string', nullable: true, doc: 'M / F.' },
      { name: 'level', type: 'string', nullable: true, doc: 'free / paid as of the latest event.' },
      {
        name: 'latest_event_time',
        type: 'timestamp',
        nullable: false,
        doc: 'Time of the latest event the profile and level come from: an incremental run keeps the newer of this and a new event, so a late older event never overwrites a newer level.',
      },
    ],
    key: ['user_id'],
    partitionBy: [],
    sortBy: ['user_id'],
  },
  {
    name: 'songs',
    model: 'songs',
    doc: 'Dimension: one row per song in the song metadata.',
    columns: [
      { name: 'song_id', type: 'string', nullable: false, doc: 'MSD song id.' },
      { name: 'title', type: 'string', nullable: true, doc: '' },
      { name: 'artist_id', type: 'string', nullable: false, doc: 'Partition; references artists.' },
      { name: 'year', type: 'int', nullable: true, doc: 'Partition: release year, null when unknown (0 in the source).' },
      { name: 'duration', type: 'double', nullable: true, doc: 'Seconds.' },
    ],
    key: ['song_id'],
    partitionBy: ['year', 'artist_id'],
    sortBy: ['song_id'],
  },
  {
    name: 'artists',
    model: 'artists',
    doc: 'Dimension: one row per artist.',
    columns: [
      { name: 'artist_id', type: 'string', nullable: false, doc: 'MSD artist id.' },
      { name: 'name', type: 'string', nullable: true, doc: '' },
      { name: 'location', type: 'string', nullable: true, doc: 'Null when unknown (empty in the source).' },
      { name: 'latitude', type: 'double', nullable: true, doc: '' },
      { name: 'longitude', type: 'double', nullable: true, doc: '' },
    ],
    key: ['artist_id'],
    partitionBy: [],
    sortBy: ['artist_id'],
  },
  {
    name: 'time',
    model: 'time',
    doc: 'Dimension: one row per distinct songplay start_time.',
    columns: [
      { name: 'start_time', type: 'timestamp', nullable: false, doc: 'UTC.' },
      { name: 'hour', type: 'int', nullable: false, doc: '0–23.' },
      { name: 'day', type: 'int', nullable: false, doc: 'Day of month.' },
      { name: 'week', type: 'int', nullable: false, doc: 'ISO week of year.' },
      { name: 'month', type: 'int', nullable: false, doc: 'Partition.' },
      { name: 'year', type: 'int', nullable: false, doc: 'Partition.' },
      { name: 'weekday', type: 'int', nullable: false, doc: 'ISO day of week: Monday = 1 … Sunday = 7.' },
    ],
    key: ['start_time'],
    partitionBy: ['year', 'month'],
    sortBy: ['start_time'],
  },
];

export function tableByName(name: string): TableDef {
  const table = TABLES.find((t) => t.name === name);
  if (!table) throw new Error(`unknown table ${name}`);
  return table;
}

/** Columns stored inside the Parquet files (partition columns are in the folder names). */
export function fileColumns(table: TableDef): string[] {
  return table.columns.map((c) => c.name).filter((c) => !table.partitionBy.includes(c));
}
