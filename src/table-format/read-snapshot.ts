import type pl from 'nodejs-polars';
import { TABLES } from '../catalog/tables';
import { UserError } from '../errors';
import type { RunManifest } from '../quality/run-manifest';
import { joinLocation } from '../storage/location';
import { openTableFormat } from './open-table-format';
import type { TableFormat, TableRef } from './table-format';

/** A lake as one run committed it: every table pinned to the version that run's manifest records. */
export interface LakeSnapshot {
  output: string;
  format: TableFormat;
  runId: string;
  manifest: RunManifest;
  /** Each table's location with the version to read. */
  tables: Record<string, TableRef>;
}

/**
 * The lake at the latest run whose five tables are all committed: one consistent star, even while another run is
 * committing (plain Delta readers get each table's latest version instead). For check, skew, report, notebooks.
 */
export async function readSnapshot(lake: string): Promise<LakeSnapshot> {
  const format = openTableFormat(lake);
  const manifest = await format.latestManifest();
  if (manifest === null) throw new UserError(`${lake} has no committed run; point --output at a lake written by sparkify etl`);
  const tables: Record<string, TableRef> = {};
  for (const table of TABLES) {
    tables[table.name] = { table: table.name, location: joinLocation(lake, table.name), version: manifest.versions![table.name] };
  }
  return { output: lake, format, runId: manifest.runId, manifest, tables };
}

/** One table of the lake's snapshot, every column in its catalog type and order. */
export async function readSnapshotTable(snapshot: LakeSnapshot, tableName: string): Promise<pl.DataFrame> {
  return snapshot.format.readTable(snapshot.tables[tableName]);
}
