import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../project-root';
import { EVENT_SOURCE, SONG_SOURCE } from '../catalog/sources';
import { TABLES, tableByName, tableFolder } from '../catalog/tables';
import { renderSql, type Dialect } from './dialect';

/**
 * One step of a run, in order: a relation the engine computes and registers under `name` (later steps select from
 * it by that name), and writes when `write` is set. Engines run the steps generically, whatever the mode.
 */
export interface Model {
  /** The relation the step defines. */
  name: string;
  /** staging, intermediate and star: the models of a full run (an intermediate model is a relation between the
   *  tables, written nowhere); lake: a table of the lake as committed (no SQL, the engine reads it); merge: the steps
   *  of an incremental run that combine the lake with this run's rows. */
  layer: 'staging' | 'intermediate' | 'star' | 'lake' | 'merge';
  /** The SQL, rendered for the engine's dialect ('' for a lake step). */
  sql: string;
  /** The relations the SQL selects from: a staging model's source, a table model's refs, a merge step's inputs. */
  reads: string[];
  /** The catalog table whose columns and types the result takes (and, when written, where it goes). */
  table?: string;
  /** Written to the table's location: the whole table (replace) or rows added to it (append). */
  write?: 'replace' | 'append';
  /** A lake step reads only the partitions (the table's partition columns) that occur in this relation. */
  partitionsOf?: string;
  /** A lake step reads only these columns (none: all): an append's merge leaves out the rows whose key the lake holds. */
  columns?: string[];
}

export const MODELS_DIR = path.join(PROJECT_ROOT, 'src', 'models');

/** The staging models (src/models/staging/): each types and cleans one source, which it selects from by name. */
const STAGING: { name: string; reads: string[] }[] = [
  { name: 'stg_songs', reads: [SONG_SOURCE.name] },
  { name: 'stg_events', reads: [EVENT_SOURCE.name] },
];

/**
 * The intermediate models (src/models/intermediate/): relations the table models share or that are worth computing
 * on their own, read from tables rather than sources. song_match, the catalogue a play is matched against, reads
 * no events: an engine that models events in buckets computes it once.
 */
const INTERMEDIATE = ['song_match'];

type ModelFileLayer = 'staging' | 'intermediate' | 'star' | 'merge';

/** A table's model (src/tables/<name>/<name>.sql), its incremental merge (merge.sql), or a staging or intermediate model's file. */
export function modelFile(name: string, layer: ModelFileLayer): string {
  if (layer === 'staging' || layer === 'intermediate') return path.join(MODELS_DIR, layer, `${name}.sql`);
  const folder = tableFolder(name);
  return path.join(folder.dir, layer === 'star' ? `${folder.table.model}.sql` : 'merge.sql');
}

const REF = /\{\{\s*ref\(\s*'([a-z_][a-z0-9_]*)'\s*\)\s*\}\}/gi;

/** The relations a model's SQL reads with `{{ ref('…') }}`, each once, in order of first appearance. */
export function refsOf(sql: string): string[] {
  return [...new Set([...sql.matchAll(REF)].map((m) => m[1]))];
}

const modelNames = () => [...STAGING.map((m) => m.name), ...INTERMEDIATE, ...TABLES.map((t) => t.name)];

/** SQL with each `{{ ref('…') }}` replaced by the relation's name, after checking it names a model (`where`: the model). */
export function resolveRefs(sql: string, where: string): string {
  return sql.replace(REF, (_call, ref: string) => {
    if (!modelNames().includes(ref)) throw new Error(`model ${where}: ref('${ref}') names no model (the models: ${modelNames().join(', ')})`);
    return ref;
  });
}

/** A model's SQL for one dialect: its refs resolved, then its macros and dialect functions rendered. */
function render(name: string, layer: ModelFileLayer, dialect: Dialect): string {
  const where = `${layer}/${name}`;
  return renderSql(resolveRefs(fs.readFileSync(modelFile(name, layer), 'utf8'), where), dialect, where);
}

const isIntermediate = (name: string) => INTERMEDIATE.includes(name);
/** A model the run orders by its refs: a table's or an intermediate one (staging models and sources come first). */
const isOrdered = (name: string) => isIntermediate(name) || TABLES.some((t) => t.name === name);

/** What a table's or an intermediate model reads: its refs (staging, intermediate models and tables). */
function modelRefs(name: string): string[] {
  return refsOf(fs.readFileSync(modelFile(name, isIntermediate(name) ? 'intermediate' : 'star'), 'utf8'));
}

/** The tables a table's model reads, itself or through the intermediate models it reads. */
function tableRefs(table: string): string[] {
  const names = TABLES.map((t) => t.name);
  const refs = modelRefs(table);
  return [...new Set([...refs.filter((r) => names.includes(r)), ...refs.filter(isIntermediate).flatMap(tableRefs)])];
}

/**
 * The table and intermediate models in the order they must run: each after what it reads, otherwise in listing
 * order (songs, artists, song_match, songplays, users, time for the star schema). A circle of refs is an error
 * naming it.
 */
export function modelsInRunOrder(): string[] {
  const order: string[] = [];
  const visiting: string[] = [];
  const visit = (name: string) => {
    if (order.includes(name)) return;
    if (visiting.includes(name)) throw new Error(`the table models read each other in a circle: ${[...visiting, name].join(' → ')}`);
    visiting.push(name);
    for (const read of modelRefs(name).filter(isOrdered)) visit(read);
    visiting.pop();
    order.push(name);
  };
  for (const table of TABLES) visit(table.name);
  return order;
}

/** The tables in the order their models must run (modelsInRunOrder without the intermediate models). */
export function tablesInRunOrder(): string[] {
  return modelsInRunOrder().filter((name) => !isIntermediate(name));
}

/** Whether a table's (or an intermediate model's) rows come from the events: it reads stg_events, or a model that does. */
export function readsEvents(name: string): boolean {
  return modelRefs(name).some((r) => r === 'stg_events' || (isOrdered(r) && readsEvents(r)));
}

const staging = (dialect: Dialect): Model[] =>
  STAGING.map(({ name, reads }) => ({ name, layer: 'staging', sql: render(name, 'staging', dialect), reads }));

/** A table's model as a step: named after the table in a full run, `new_<table>` in an incremental one. */
function tableModel(table: string, dialect: Dialect, name: string, layer: 'star' | 'merge'): Model {
  const sql = render(table, 'star', dialect);
  return { name, layer, sql, reads: modelRefs(table), table };
}

/** An intermediate model as a step, the same in full and incremental runs (its refs name what the run has by then). */
function intermediateModel(name: string, dialect: Dialect): Model {
  return { name, layer: 'intermediate', sql: render(name, 'intermediate', dialect), reads: modelRefs(name) };
}

/** Every model of a full run, rendered for one engine's dialect, in the order they must run. */
export function renderModels(dialect: Dialect): Model[] {
  return [
    ...staging(dialect),
    ...modelsInRunOrder().map((name): Model => (isIntermediate(name) ? intermediateModel(name, dialect) : { ...tableModel(name, dialect, name, 'star'), write: 'replace' })),
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
 * The steps of an incremental run: the same staging and table models over this run's new input files only (as
 * `new_<table>`), and per table its merge model (src/tables/<name>/merge.sql) over the lake's table and those new
 * rows, wired by the table's declared mode: upsert (the merge is the whole table, which replaces it) or append (the
 * merge is the rows to append; a table a later model reads is then also the lake's touched partitions plus those
 * rows). With `rematch`, the tables that come from the events are the full run's models instead.
 * One definition for every engine, like the full run's.
 */
export function renderIncrementalModels(dialect: Dialect, options: IncrementalOptions): Model[] {
  const writes = new Set(options.writes);
  const write = (table: string, mode: 'replace' | 'append') => (writes.has(table) ? { write: mode } : {});
  const lake = (table: string, partitionsOf?: string, columns?: string[]): Model => ({
    name: `lake_${table}`,
    layer: 'lake',
    sql: '',
    reads: [],
    table,
    ...(partitionsOf ? { partitionsOf } : {}),
    ...(columns ? { columns } : {}),
  });
  const merge = (table: string, name: string, mode: 'replace' | 'append'): Model => ({
    name,
    layer: 'merge',
    sql: render(table, 'merge', dialect),
    reads: [`new_${table}`, `lake_${table}`],
    table,
    ...write(table, mode),
  });
  const order = tablesInRunOrder();
  const steps = staging(dialect);
  for (const table of modelsInRunOrder()) {
    // Upsert tables' steps are named after their table (the merged table), so an intermediate model reads what a
    // full run's would: song_match, the lake's catalogue with this run's songs.
    if (isIntermediate(table)) {
      steps.push(intermediateModel(table, dialect));
      continue;
    }
    // Every log file read again: users too are the full run's, so a user whose events left the input leaves the table.
    if (options.rematch && readsEvents(table)) {
      steps.push({ ...tableModel(table, dialect, table, 'merge'), ...write(table, 'replace') });
    } else if (tableFolder(table).incremental === 'upsert') {
      steps.push(lake(table), tableModel(table, dialect, `new_${table}`, 'merge'), merge(table, table, 'replace'));
    } else {
      const readers = order.filter((other) => tableRefs(other).includes(table));
      // A reader that appends too (time from songplays) derives its new rows from the rows added here: what the
      // lake's rows give, the lake holds already. Only another reader needs the lake's rows themselves.
      const needLakeRows = readers.filter((r) => tableFolder(r).incremental !== 'append' || (options.rematch && readsEvents(r)));
      // The merge itself (merge.sql of an append table) leaves out rows by key: the lake's keys are all it reads.
      const columns = needLakeRows.length > 0 ? undefined : tableByName(table).key;
      steps.push(tableModel(table, dialect, `new_${table}`, 'merge'), lake(table, `new_${table}`, columns), merge(table, `added_${table}`, 'append'));
      if (readers.length > 0) steps.push(appendedTable(table, readers, needLakeRows.length > 0));
    }
  }
  return steps;
}

/**
 * An appended table as the models after it read it: with `withLake`, the lake's rows of the partitions this run
 * touches and the rows it appends; else (every reader appends too) the rows it appends.
 */
function appendedTable(table: string, readers: string[], withLake: boolean): Model {
  const header = `-- ${table}, incremental: the table this run commits, for the models after it (${readers.join(', ')}): `;
  if (!withLake) {
    const sql = `${header}the rows it\n-- appends (what the lake's rows would give them, the lake holds).\nSELECT * FROM added_${table}\n`;
    return { name: table, layer: 'merge', sql, reads: [`added_${table}`], table };
  }
  const sql = `${header}the lake's rows of the\n-- partitions this run touches and the rows it appends.\nSELECT * FROM lake_${table}\nUNION ALL\nSELECT * FROM added_${table}\n`;
  return { name: table, layer: 'merge', sql, reads: [`lake_${table}`, `added_${table}`], table };
}
