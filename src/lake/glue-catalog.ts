import type { Table, TableInput } from '@aws-sdk/client-glue';
import { TABLES } from '../catalog/tables';
import type { TableDef } from '../catalog/types';
import { UserError } from '../errors';
import { isS3Uri } from '../storage/s3-uri';
import { asLake, lakeLocation, type Lake } from '../table-format/open-lake';
import { catalogTableDefinitions } from './catalog-table-definition';
import { clientGlue, glueCall, isAlreadyExists, isEntityNotFound, newGlueClient } from './glue-client';
import { describeChanges, glueTableChanges, hasChanges, type GlueTableChanges } from './glue-table-changes';
import { glueTableInput } from './glue-table-input';

/** What one table's registration did. */
export interface GlueTableSync {
  table: string;
  outcome: 'created' | 'updated' | 'unchanged';
  /** For an update: what changed (columns added, removed, retyped, and the rest). */
  changes: GlueTableChanges | null;
}

export interface GlueCatalogSync {
  database: string;
  databaseCreated: boolean;
  tables: GlueTableSync[];
  /** The latest run committed whole in the lake (null: a lake no kit run completed). */
  runId: string | null;
}

/** Glue registers S3 locations only: a folder's path would be a table no AWS service can read. */
export function assertGlueLake(lake: string): void {
  if (!isS3Uri(lake)) throw new UserError(`--catalog glue needs an s3:// lake (Athena and Glue read S3 only), got "${lake}"`);
}

/** One table's line of the sync's report: "songplays created", "users updated: column added level". */
export function glueTableSyncLine(sync: GlueTableSync): string {
  return sync.outcome === 'updated' && sync.changes ? `${sync.table} updated: ${describeChanges(sync.changes)}` : `${sync.table} ${sync.outcome}`;
}

/**
 * Registers the lake's Delta tables in the Glue Data Catalog, idempotently: the database is created when missing;
 * each table the lake has (its table format says which) is created, updated where what Glue holds differs from the
 * catalog's definition, or left alone (no new table version) when it does not. `onTable` hears of each table as it
 * is done, so a failure part-way still leaves a report of what was registered. `tables` stands in for the catalog
 * (a test's variant of it).
 */
export async function syncGlueCatalog(
  opened: Lake | string,
  database: string,
  options: { onTable?: (sync: GlueTableSync) => void; onDatabaseCreated?: () => void; tables?: TableDef[] } = {},
): Promise<GlueCatalogSync> {
  const lake = lakeLocation(opened);
  assertGlueLake(lake);
  const state = await asLake(opened).format.state();
  const present = new Set(state.tables.filter((t) => t.version !== null).map((t) => t.table));
  const declared = options.tables ?? TABLES;
  if (present.size === 0) throw new UserError(`${lake} has no Delta table to register; point --output at a lake written by sparkify etl`);
  const glue = newGlueClient();
  const sdk = clientGlue();
  try {
    const databaseCreated = await ensureDatabase(glue, sdk, database);
    if (databaseCreated) options.onDatabaseCreated?.();
    const tables: GlueTableSync[] = [];
    for (const definition of catalogTableDefinitions(lake, declared.filter((t) => present.has(t.name)))) {
      const sync = await syncTable(glue, sdk, database, glueTableInput(definition));
      tables.push(sync);
      options.onTable?.(sync);
    }
    return { database, databaseCreated, tables, runId: state.latest?.runId ?? null };
  } finally {
    glue.destroy();
  }
}

type Glue = ReturnType<typeof newGlueClient>;
type Sdk = ReturnType<typeof clientGlue>;

/** Creates the database when it is missing; whether it did. Another writer creating it meanwhile is fine. */
async function ensureDatabase(glue: Glue, sdk: Sdk, database: string): Promise<boolean> {
  if (await getOrNull(`GetDatabase ${database}`, () => glue.send(new sdk.GetDatabaseCommand({ Name: database })))) return false;
  try {
    await glueCall(`CreateDatabase ${database}`, () =>
      glue.send(new sdk.CreateDatabaseCommand({ DatabaseInput: { Name: database, Description: 'The Sparkify star schema: Delta tables registered by sparkify' } })),
    );
    return true;
  } catch (err) {
    if (isAlreadyExists(err)) return false;
    throw err;
  }
}

async function syncTable(glue: Glue, sdk: Sdk, database: string, wanted: TableInput, raced = false): Promise<GlueTableSync> {
  const name = `${database}.${wanted.Name}`;
  const held = await getOrNull(`GetTable ${name}`, () => glue.send(new sdk.GetTableCommand({ DatabaseName: database, Name: wanted.Name })));
  if (!held?.Table) {
    try {
      await glueCall(`CreateTable ${name}`, () => glue.send(new sdk.CreateTableCommand({ DatabaseName: database, TableInput: wanted })));
      return { table: wanted.Name!, outcome: 'created', changes: null };
    } catch (err) {
      // Created by another sync between our GetTable and CreateTable: compare with it as with any other.
      if (!isAlreadyExists(err) || raced) throw err;
      return syncTable(glue, sdk, database, wanted, true);
    }
  }
  const changes = glueTableChanges(held.Table, wanted);
  if (!hasChanges(changes)) return { table: wanted.Name!, outcome: 'unchanged', changes: null };
  await glueCall(`UpdateTable ${name}`, () => glue.send(new sdk.UpdateTableCommand({ DatabaseName: database, TableInput: keepForeignParameters(wanted, held.Table!) })));
  return { table: wanted.Name!, outcome: 'updated', changes };
}

/** UpdateTable replaces the whole definition: parameters others set (Lake Formation's, a user's) are carried over. */
function keepForeignParameters(wanted: TableInput, held: Table): TableInput {
  return { ...wanted, Parameters: { ...(held.Parameters ?? {}), ...(wanted.Parameters ?? {}) } };
}

/** A Get call's answer, or null when the entity does not exist. */
async function getOrNull<T>(action: string, call: () => Promise<T>): Promise<T | null> {
  try {
    return await call();
  } catch (err) {
    if (isEntityNotFound(err)) return null;
    return glueCall(action, () => Promise.reject(err));
  }
}
