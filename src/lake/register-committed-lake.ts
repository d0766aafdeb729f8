import { CATALOG_FAILED_EXIT, catalogArgument, type CatalogTarget } from '../core/catalog-target';
import { lakeLocation, type Lake } from '../table-format/open-lake';
import { glueTableSyncLine, syncGlueCatalog, type GlueCatalogSync } from './glue-catalog';

export interface CatalogRegistration {
  /** 0, or CATALOG_FAILED_EXIT when registering failed (the commit stands). */
  exitCode: number;
  /** What was registered (null when it failed). */
  sync: GlueCatalogSync | null;
}

/** The sync's last line: how many tables, and what became of them. */
export function catalogSyncSummary(sync: GlueCatalogSync): string {
  const count = (outcome: string) => sync.tables.filter((t) => t.outcome === outcome).length;
  const parts = ['created', 'updated', 'unchanged'].filter((o) => count(o) > 0).map((o) => `${count(o)} ${o}`);
  const nothing = count('unchanged') === sync.tables.length ? ': nothing to update' : '';
  return `glue: registered ${sync.tables.length} table${sync.tables.length === 1 ? '' : 's'} in ${sync.database} (${parts.join(', ')}${nothing})`;
}

/**
 * Registers a committed lake's tables in the catalog `target` names, once the commit is done: each table's line
 * on `out` as it is registered (none when `out` is null: a caller printing JSON), and the total. A failure never
 * touches the lake: it is one line on `err` saying the run stays committed and how to retry, and the exit code is
 * CATALOG_FAILED_EXIT. The one entry point of every publishing command (`etl`, `emr publish`, and through
 * `RunServices.registerInCatalog` any engine's own publish command).
 */
export async function registerCommittedLake(
  lake: Lake | string,
  runId: string | null,
  target: CatalogTarget,
  streams: { out: NodeJS.WritableStream | null; err: NodeJS.WritableStream } = { out: process.stdout, err: process.stderr },
): Promise<CatalogRegistration> {
  const say = (line: string) => streams.out?.write(`${line}\n`);
  try {
    const sync = await syncGlueCatalog(lake, target.database, {
      onDatabaseCreated: () => say(`glue: database ${target.database} created`),
      onTable: (table) => say(`glue: ${target.database}.${glueTableSyncLine(table)}`),
    });
    say(catalogSyncSummary(sync));
    return { exitCode: 0, sync };
  } catch (err) {
    const reason = String((err as Error)?.message ?? err).replace(/\s+/g, ' ').trim();
    const run = runId === null ? 'its latest run' : `run ${runId}`;
    streams.err.write(
      `sparkify: the lake is committed (${run}); registering it in Glue failed: ${reason} (retry: sparkify catalog sync --output ${lakeLocation(lake)} --catalog ${catalogArgument(target)})\n`,
    );
    return { exitCode: CATALOG_FAILED_EXIT, sync: null };
  }
}
