import { GUARDS, type GuardDef } from '../catalog/guards';
import { TABLES } from '../catalog/tables';
import type { DataFile } from '../core/run-contract';
import type { CheckResult } from '../quality/check-result';
import type { RunManifest } from '../quality/run-manifest';
import { joinLocation } from '../storage/location';
import type { TableFormat } from '../table-format/table-format';

/** What the guards compare a run against: the lake's tables as readers see them now, from their files' statistics. */
export interface LakeFigures {
  /** Rows per table (null: a file without statistics, so unknown); absent tables have none. */
  rows: Record<string, number | null>;
  /** The newest play the lake holds (songplays.start_time), ms since the epoch; null when unknown or empty. */
  newestPlay: number | null;
}

interface FileStats {
  numRecords?: number;
  maxValues?: Record<string, unknown>;
}

function statsOf(file: DataFile): FileStats | null {
  return file.stats ? (JSON.parse(file.stats) as FileStats) : null;
}

/** Rows of a set of files by their statistics; null when one has none. */
export function rowsOf(files: DataFile[]): number | null {
  let rows = 0;
  for (const f of files) {
    const n = statsOf(f)?.numRecords;
    if (typeof n !== 'number') return null;
    rows += n;
  }
  return rows;
}

/** The newest start_time among files' statistics (ms), or null. */
export function newestStartTime(files: DataFile[]): number | null {
  let newest: number | null = null;
  for (const f of files) {
    const max = statsOf(f)?.maxValues?.start_time;
    const ms = typeof max === 'string' ? Date.parse(max) : NaN;
    if (Number.isFinite(ms)) newest = Math.max(newest ?? ms, ms);
  }
  return newest;
}

/** The lake's figures, or null for a lake with no tables yet (nothing to guard). */
export async function lakeFigures(format: TableFormat): Promise<LakeFigures | null> {
  const state = await format.state();
  if (state.tables.every((t) => t.version === null)) return null;
  const rows: Record<string, number | null> = {};
  let newestPlay: number | null = null;
  for (const t of state.tables) {
    if (t.version === null) continue;
    const files = await format.listFiles({ table: t.table, location: joinLocation(format.root, t.table), version: t.version });
    rows[t.table] = rowsOf(files);
    if (t.table === 'songplays') newestPlay = newestStartTime(files);
  }
  return { rows, newestPlay };
}

/** What the run would publish, as the guards see it. */
export interface RunFigures {
  manifest: RunManifest;
  /** The run's written files per table (with statistics). */
  files: Record<string, DataFile[]>;
  incremental: boolean;
  /** Guard kinds let through by their override flags. */
  overrides: string[];
}

/**
 * Every guard of the catalog as a check result: pass, fail (blocking unless overridden: an overridden failure is
 * reported as a warning naming its flag) or skipped (nothing to compare against).
 */
export function evaluateGuards(run: RunFigures, lake: LakeFigures | null): CheckResult[] {
  return GUARDS.flatMap((guard) => evaluate(guard, run, lake));
}

function result(guard: GuardDef, table: string, run: RunFigures, status: CheckResult['status'], detail: string): CheckResult {
  const overridden = status === 'fail' && run.overrides.includes(guard.override);
  return {
    name: `guard ${guard.kind}${table === 'lake' ? '' : ` ${table}`}`,
    table,
    column: null,
    kind: 'guard',
    severity: overridden ? 'warn' : guard.severity,
    status,
    failingRows: 0,
    examples: [],
    detail: overridden ? `${detail} (let through by --${guard.override})` : status === 'fail' && guard.severity === 'error' ? `${detail}; --${guard.override} lets it through` : detail,
  };
}

function percent(share: number): string {
  return `${(share * 100).toFixed(share < 0.01 ? 2 : 1)}%`;
}

function evaluate(guard: GuardDef, run: RunFigures, lake: LakeFigures | null): CheckResult[] {
  const { manifest } = run;
  switch (guard.kind) {
    case 'no-records': {
      const loaded = manifest.sources.reduce((n, s) => n + s.records, 0);
      const lakeRows = lake ? Object.values(lake.rows).reduce<number>((n, r) => n + (r ?? 1), 0) : 0;
      if (run.incremental || loaded > 0) return [result(guard, 'lake', run, 'pass', `${loaded} records loaded`)];
      if (lakeRows === 0) return [result(guard, 'lake', run, 'pass', 'no records loaded, and the lake holds no rows to lose')];
      const quarantined = manifest.sources.reduce((n, s) => n + s.quarantined, 0);
      return [result(guard, 'lake', run, 'fail', `the run loaded no records (${quarantined} quarantined) and would replace tables that hold rows with empty ones`)];
    }
    case 'shrink': {
      // A run that loaded nothing is the no-records guard's to judge (and its flag's to let through).
      if (run.incremental || manifest.sources.every((s) => s.records === 0)) return [];
      return TABLES.flatMap((t) => {
        const before = lake?.rows[t.name];
        const after = manifest.tables.find((w) => w.table === t.name)?.rows ?? rowsOf(run.files[t.name] ?? []) ?? 0;
        if (before === undefined) return [];
        if (before === null) return [result(guard, t.name, run, 'skipped', 'the current version has files without statistics')];
        const drop = before === 0 ? 0 : (before - after) / before;
        const detail = `${before} rows now, ${after} after this run`;
        return [result(guard, t.name, run, drop > guard.maxDrop ? 'fail' : 'pass', drop > guard.maxDrop ? `${detail}: ${percent(drop)} fewer, more than the ${percent(guard.maxDrop)} allowed` : detail)];
      });
    }
    case 'quarantine-share':
      return manifest.sources.map((s) => {
        const total = s.records + s.quarantined;
        const share = total === 0 ? 0 : s.quarantined / total;
        const detail = `${s.quarantined} of ${total} records quarantined (${percent(share)})`;
        return result(guard, s.source, run, share > guard.maxShare ? 'fail' : 'pass', share > guard.maxShare ? `${detail}, more than the ${percent(guard.maxShare)} allowed` : detail);
      });
    case 'freshness': {
      const newest = newestStartTime(run.files.songplays ?? []);
      // Nothing to compare on a new lake, or with no plays on one side.
      if (lake?.newestPlay == null || newest === null) return [];
      const detail = `newest play of this run ${new Date(newest).toISOString()}, of the lake ${new Date(lake.newestPlay).toISOString()}`;
      return [result(guard, 'songplays', run, newest < lake.newestPlay ? 'fail' : 'pass', newest < lake.newestPlay ? `${detail}: the delivery is older than the lake` : detail)];
    }
  }
}
