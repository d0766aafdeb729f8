import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../project-root';
import { renderSql, type Dialect } from './dialect';

/**
 * One step of a run, in order: a relation the engine computes and registers under `name` (later steps select from
 * it by that name), and writes when `write` is set. Engines run the steps generically, whatever the mode.
 */
export interface Model {
  /** The relation the step defines. */
  name: string;
  /** staging and star: the models of a full run; lake: a table of the lake as committed (no SQL, the engine reads
   *  it); merge: the steps of an incremental run that combine the lake with this run's rows. */
  layer: 'staging' | 'star' | 'lake' | 'merge';
  /** The SQL, rendered for the engine's dialect ('' for a lake step). */
  sql: string;
  /** The catalog table whose columns and types the result takes (and, when written, where it goes). */
  table?: string;
  /** Written to the table's location: the whole table (replace) or rows added to it (append). */
  write?: 'replace' | 'append';
  /** A lake step reads only the partitions (the table's partition columns) that occur in this relation. */
  partitionsOf?: string;
}

export const MODELS_DIR = path.join(PROJECT_ROOT, 'src', 'models');

/** Star models in dependency order: songplays matches plays against songs and artists; time selects from songplays. */
const STAR_ORDER = ['songs', 'artists', 'songplays', 'users', 'time'];

export function modelFile(name: string, layer: 'staging' | 'star' | 'merge'): string {
  return path.join(MODELS_DIR, layer, `${name}.sql`);
}

/** A model's SQL for one dialect; a call of an unknown dialect function or macro fails here, naming the model. */
function render(name: string, layer: 'staging' | 'star' | 'merge', dialect: Dialect): string {
  return renderSql(fs.readFileSync(modelFile(name, layer), 'utf8'), dialect, `${layer}/${name}`);
}

const staging = (dialect: Dialect): Model[] =>
  ['stg_songs', 'stg_events'].map((name) => ({ name, layer: 'staging', sql: render(name, 'staging', dialect) }));

/** Every model of a full run, rendered for one engine's dialect, in the order they must run. */
export function renderModels(dialect: Dialect): Model[] {
  return [
    ...staging(dialect),
    ...STAR_ORDER.map((name): Model => ({ name, layer: 'star', sql: render(name, 'star', dialect), table: name, write: 'replace' })),
  ];
}

export interface IncrementalOptions {
  /** Tables this run writes; the others are computed (later steps need them) but stay as the lake holds them. */
  writes: string[];
  /** Every log file is read again and users, songplays and time are rebuilt from them (plays matched against the
   *  whole catalogue): what a full run would make of them. */
  rematch?: boolean;
}

/**
 * The steps of an incremental run: the same staging and star models over this run's new input files only (as
 * `new_<table>`), and per table a merge model (src/models/merge/) over the lake's table and those new rows:
 * upserts for songs, artists and users; appends of rows the lake does not hold for songplays and time.
 * One definition for every engine, like the full run's.
 */
export function renderIncrementalModels(dialect: Dialect, options: IncrementalOptions): Model[] {
  const writes = new Set(options.writes);
  const write = (table: string, mode: 'replace' | 'append') => (writes.has(table) ? { write: mode } : {});
  const lake = (table: string, partitionsOf?: string): Model => ({ name: `lake_${table}`, layer: 'lake', sql: '', table, ...(partitionsOf ? { partitionsOf } : {}) });
  const star = (table: string, name = `new_${table}`): Model => ({ name, layer: 'merge', sql: render(table, 'star', dialect), table });
  const merge = (table: string, file: string, name: string, mode?: 'replace' | 'append'): Model => ({
    name,
    layer: 'merge',
    sql: render(file, 'merge', dialect),
    table,
    ...(mode ? write(table, mode) : {}),
  });
  const upsert = (table: string) => [lake(table), star(table), merge(table, table, table, 'replace')];
  const facts: Model[] = options.rematch
    ? [{ ...star('songplays', 'songplays'), ...write('songplays', 'replace') }]
    : [
        star('songplays'),
        lake('songplays', 'new_songplays'),
        merge('songplays', 'songplays', 'added_songplays', 'append'),
        merge('songplays', 'songplays_all', 'songplays'),
      ];
  const time: Model[] = options.rematch
    ? [{ ...star('time', 'time'), ...write('time', 'replace') }]
    : [star('time'), lake('time', 'new_time'), merge('time', 'time', 'added_time', 'append')];
  // Every log file read again: users too are the full run's, so a user whose events left the input leaves the table.
  const users: Model[] = options.rematch ? [{ ...star('users', 'users'), ...write('users', 'replace') }] : upsert('users');
  return [...staging(dialect), ...upsert('songs'), ...upsert('artists'), ...facts, ...users, ...time];
}
