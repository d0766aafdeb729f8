import type { CheckDef, TableDef } from './types';

/**
 * The data-quality checks of each table, beyond its key and non-nullable columns (which every table gets
 * from its definition in tables.ts). Evaluated by src/quality on every run before publishing, and by
 * `sparkify check` on any written lake.
 */
export const TABLE_CHECKS: Record<string, CheckDef[]> = {
  songplays: [
    { kind: 'relationships', column: 'user_id', to: { table: 'users', column: 'user_id' } },
    { kind: 'relationships', column: 'song_id', to: { table: 'songs', column: 'song_id' } },
    { kind: 'relationships', column: 'artist_id', to: { table: 'artists', column: 'artist_id' } },
    { kind: 'relationships', column: 'start_time', to: { table: 'time', column: 'start_time' } },
    { kind: 'accepted_values', column: 'level', values: ['free', 'paid'] },
    { kind: 'range', column: 'month', min: 1, max: 12 },
    {
      kind: 'reconciliation',
      against: 'play_events',
      doc: 'one row per NextSong event loaded (quarantined records excluded), less duplicate deliveries',
    },
  ],
  users: [
    { kind: 'accepted_values', column: 'level', values: ['free', 'paid'] },
    // A profile attribute nothing joins on: an unexpected value is worth seeing, not worth blocking a run.
    { kind: 'accepted_values', column: 'gender', values: ['M', 'F'], severity: 'warn' },
  ],
  songs: [
    { kind: 'relationships', column: 'artist_id', to: { table: 'artists', column: 'artist_id' } },
    { kind: 'range', column: 'duration', min: 0, exclusive: true },
    { kind: 'range', column: 'year', min: 1, max: 9999 },
  ],
  artists: [
    { kind: 'range', column: 'latitude', min: -90, max: 90 },
    { kind: 'range', column: 'longitude', min: -180, max: 180 },
  ],
  time: [
    { kind: 'range', column: 'hour', min: 0, max: 23 },
    { kind: 'range', column: 'day', min: 1, max: 31 },
    { kind: 'range', column: 'week', min: 1, max: 53 },
    { kind: 'range', column: 'month', min: 1, max: 12 },
    { kind: 'range', column: 'weekday', min: 1, max: 7 },
  ],
};

/** Every check of a table: its key unique and not null, non-nullable columns not null, then the declared ones. */
export function checksOf(table: TableDef): CheckDef[] {
  const keyNotNull = table.key.map((column): CheckDef => ({ kind: 'not_null', column }));
  const notNull = table.columns
    .filter((c) => !c.nullable && !table.key.includes(c.name))
    .map((c): CheckDef => ({ kind: 'not_null', column: c.name }));
  return [{ kind: 'unique', columns: table.key }, ...keyNotNull, ...notNull, ...(TABLE_CHECKS[table.name] ?? [])];
}
