import { TABLES, tableByName } from '../catalog/tables';
import { NotADeltaTableError, readSnapshot, versionOfRun, type LogStore } from '../delta';
import { UserError } from '../errors';
import { joinLocation } from '../storage/location';
import { openTableFormat } from '../table-format/open-table-format';
import type { TableFormat } from '../table-format/table-format';
import { deltaTableStore } from './delta-lake-tables';
import { diffTables, type TableDiff } from './diff-tables';

/** A side of a diff as the user names it: a Delta version (digits) or a run id (anything else). */
export type VersionRef = { version: number } | { runId: string };

export function parseVersionRef(text: string): VersionRef {
  return /^\d+$/.test(text) ? { version: Number(text) } : { runId: text };
}

export interface LakeTableDiff extends TableDiff {
  table: string;
  /** null: before the table's first version (every row is added). */
  fromVersion: number | null;
  toVersion: number;
}

export interface LakeDiff {
  lake: string;
  tables: LakeTableDiff[];
  /** Star tables with no Delta table in the lake. */
  missing: string[];
}

/** The version a ref names in one table, checked against what the log still holds. */
async function resolve(store: LogStore, table: string, ref: VersionRef, latest: number): Promise<number> {
  if ('runId' in ref) {
    const version = await versionOfRun(store, ref.runId);
    if (version === null) throw new UserError(`${table}: no version committed by run "${ref.runId}" in ${store.location}/_delta_log (unknown run, or its version was cleaned up)`);
    return version;
  }
  if (ref.version > latest) throw new UserError(`${table}: version ${ref.version} is out of range (the latest is ${latest})`);
  return ref.version;
}

/** A version of a table, read as every reader reads one: through the lake's table format. */
async function readVersion(format: TableFormat, table: string, version: number) {
  try {
    return await format.readTable({ table, location: joinLocation(format.root, table), version });
  } catch (err) {
    // A version older than a log cleanup: readSnapshot names the oldest readable one.
    if (/cannot read version|does not exist/.test((err as Error).message)) throw new UserError((err as Error).message);
    throw err;
  }
}

/**
 * What changed in each star table of a lake between two versions: `to` defaults to each table's latest version,
 * `from` to the version before `to`. A run id is resolved per table (each table has its own version numbers).
 */
export async function diffLake(lake: string, options: { table?: string; from?: VersionRef; to?: VersionRef; examples?: number } = {}): Promise<LakeDiff> {
  if (options.table !== undefined && !TABLES.some((t) => t.name === options.table)) {
    throw new UserError(`unknown table "${options.table}"; tables: ${TABLES.map((t) => t.name).join(', ')}`);
  }
  const tables = options.table ? [tableByName(options.table)] : TABLES;
  const format = openTableFormat(lake);
  const out: LakeTableDiff[] = [];
  const missing: string[] = [];
  for (const table of tables) {
    const store = deltaTableStore(lake, table.name);
    let latest: number;
    try {
      latest = (await readSnapshot(store)).version;
    } catch (err) {
      if (err instanceof NotADeltaTableError) {
        missing.push(table.name);
        continue;
      }
      throw err;
    }
    const toVersion = options.to ? await resolve(store, table.name, options.to, latest) : latest;
    const fromVersion = options.from ? await resolve(store, table.name, options.from, latest) : toVersion > 0 ? toVersion - 1 : null;
    // Before the first version: no files, an empty frame with the table's schema.
    const before = fromVersion === null ? await format.readTable({ table: table.name, location: joinLocation(lake, table.name), files: [] }) : await readVersion(format, table.name, fromVersion);
    const after = await readVersion(format, table.name, toVersion);
    out.push({ table: table.name, fromVersion, toVersion, ...diffTables(before, after, table.key, options.examples) });
  }
  if (out.length === 0) {
    throw new UserError(`${lake} is not a Delta lake: no ${tables.map((t) => `${t.name}/_delta_log`).join(', ')}`);
  }
  return { lake, tables: out, missing };
}
