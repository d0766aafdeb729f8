import { TABLES } from '../catalog/tables';
import { UserError } from '../errors';
import type { RunManifest } from '../lake-log/run-manifest';
import { joinLocation } from '../storage/location';
import { asLake, type Lake } from './open-lake';
import type { LakeState, TableFormat, TableRef } from './table-format';

/** A lake as Delta readers see it now: every table at its latest version (pinned, so one command reads one state). */
export interface LakeSnapshot {
  output: string;
  format: TableFormat;
  /** The latest run committed whole, in the lake's commit order (null: a lake no kit run completed). */
  runId: string | null;
  /** That run's manifest (its counts, checks, bookmark). */
  manifest: RunManifest | null;
  /** Each table's location with the version read. */
  tables: Record<string, TableRef>;
  /** Other writers' commits, the run each table holds, and whether the star is torn. */
  state: LakeState;
}

/**
 * The lake at each table's latest committed version: what Spark, Athena and delta-rs read, other writers' commits
 * included. For check, skew, report, status, the notebooks and an incremental run's base.
 */
export async function readSnapshot(opened: Lake | string): Promise<LakeSnapshot> {
  const { location: lake, format } = asLake(opened);
  const state = await format.state();
  const missing = state.tables.filter((t) => t.version === null).map((t) => t.table);
  if (missing.length === TABLES.length) throw new UserError(`${lake} has no committed run; point --output at a lake written by sparkify etl`);
  if (missing.length > 0) throw new UserError(`${lake} has no Delta table ${missing.join(', ')}; run sparkify etl --output ${lake} to write the whole star`);
  const manifest = await format.latestManifest();
  const tables: Record<string, TableRef> = {};
  for (const t of state.tables) tables[t.table] = { table: t.table, location: joinLocation(lake, t.table), version: t.version! };
  return { output: lake, format, runId: state.latest?.runId ?? manifest?.runId ?? null, manifest, tables, state };
}
