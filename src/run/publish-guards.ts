import { GUARDS, type GuardDef } from '../catalog/guards';
import { TABLES } from '../catalog/tables';
import type { DataFile } from '../core/run-contract';
import type { CheckResult } from '../quality/check-result';
import { dayOf, newestStartTime, rowsOf, type DailyPlays } from '../lake-log/play-days';
import type { RunManifest } from '../lake-log/run-manifest';
import { joinLocation } from '../storage/location';
import type { TableFormat } from '../table-format/table-format';

/** What the guards compare a run against: the lake's tables as readers see them now, from their files' statistics. */
export interface LakeFigures {
  /** Rows per table (null: a file without statistics, so unknown); absent tables have none. */
  rows: Record<string, number | null>;
  /** The newest play the lake holds (songplays.start_time), ms since the epoch; null when unknown or empty. */
  newestPlay: number | null;
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

export { newestStartTime, rowsOf };

/** What the run would publish, as the guards see it. */
export interface RunFigures {
  manifest: RunManifest;
  /** The run's written files per table (with statistics). */
  files: Record<string, DataFile[]>;
  incremental: boolean;
  /** Guard kinds let through by their override flags. */
  overrides: string[];
  /** Plays per UTC day of the whole songplays table as the run leaves it (absent: not measured). */
  dailyPlays?: DailyPlays;
  /** The days the run added plays to (a full run: every day of its table; incremental: the days it appended). */
  addedDays?: string[];
  /** The run's clock (ms): events after it by more than the freshness guard allows are in the future. */
  now?: number;
}

/** A day's band: the median of the trailing days that hold plays, and the plays the guard accepts around it. */
export interface VolumeBand {
  day: string;
  /** The trailing days it was computed from (oldest first). */
  trailing: string[];
  median: number;
  low: number;
  high: number;
}

const DAY_MS = 86_400_000;

/**
 * The band of a day from the days before it in a history of plays per day: null when fewer than `minTrailingDays`
 * of the `trailingDays` calendar days before it hold plays (too little history to judge).
 */
export function volumeBand(daily: DailyPlays, day: string, guard: Extract<GuardDef, { kind: 'volume-band' }>): VolumeBand | null {
  const at = Date.parse(`${day}T00:00:00Z`);
  const trailing: string[] = [];
  for (let k = guard.trailingDays; k >= 1; k--) {
    const d = dayOf(at - k * DAY_MS);
    if ((daily[d] ?? 0) > 0) trailing.push(d);
  }
  if (trailing.length < guard.minTrailingDays) return null;
  const counts = trailing.map((d) => daily[d]).sort((a, b) => a - b);
  const mid = counts.length >> 1;
  const median = counts.length % 2 === 1 ? counts[mid] : (counts[mid - 1] + counts[mid]) / 2;
  return { day, trailing, median, low: guard.low * median, high: guard.high * median };
}

const round = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

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
      const checks: CheckResult[] = [];
      const now = run.now ?? Date.parse(manifest.finishedAt);
      if (newest !== null && Number.isFinite(now) && newest > now + guard.maxAheadDays * DAY_MS) {
        checks.push(
          result(guard, 'songplays', run, 'fail', `newest play of this run ${new Date(newest).toISOString()} is more than ${guard.maxAheadDays} day${guard.maxAheadDays === 1 ? '' : 's'} after the run's clock ${new Date(now).toISOString()}: events from the future`),
        );
      }
      // Whether the run adds days: nothing to compare on a new lake, or when the run loaded no event (a songs-only
      // delivery of an incremental run).
      const events = manifest.sources.find((s) => s.source === 'raw_events')?.records ?? 0;
      if (lake?.newestPlay == null || (newest === null && (events === 0 || !run.incremental))) return checks;
      const lakeNewest = new Date(lake.newestPlay).toISOString();
      if (newest === null) {
        checks.push(result(guard, 'songplays', run, 'fail', `the run appended no play (its ${events} event records add none the lake lacks); the lake's newest play stays ${lakeNewest}: the run adds no new day`));
        return checks;
      }
      const detail = `newest play of this run ${new Date(newest).toISOString()}, of the lake ${lakeNewest}`;
      if (newest < lake.newestPlay) checks.push(result(guard, 'songplays', run, 'fail', `${detail}: the delivery is older than the lake`));
      else if (dayOf(newest) <= dayOf(lake.newestPlay)) checks.push(result(guard, 'songplays', run, 'fail', `${detail}: the run adds no new day (the lake holds ${dayOf(lake.newestPlay)} already)`));
      else if (checks.length === 0) checks.push(result(guard, 'songplays', run, 'pass', detail));
      return checks;
    }
    case 'volume-band': {
      const daily = run.dailyPlays;
      if (!daily || !run.addedDays) return [];
      const judged: { band: VolumeBand; plays: number }[] = [];
      for (const day of [...run.addedDays].sort()) {
        const band = volumeBand(daily, day, guard);
        if (band) judged.push({ band, plays: daily[day] ?? 0 });
      }
      // Too little history to judge any day: nothing to say (a new lake, a first week).
      if (judged.length === 0) return [];
      const outside = judged.filter((j) => j.plays < j.band.low || j.plays > j.band.high);
      const span = `${guard.low}× to ${guard.high}× the median of up to ${guard.trailingDays} trailing days`;
      if (outside.length === 0) {
        return [result(guard, 'songplays', run, 'pass', `${judged.length} day${judged.length === 1 ? '' : 's'} judged, each within its band (${span})`)];
      }
      const days = outside.map(({ band, plays }) => `${band.day} has ${plays} plays, ${plays < band.low ? 'below' : 'above'} its band [${round(band.low)}, ${round(band.high)}] (median ${round(band.median)} of ${band.trailing.length} trailing days)`);
      return [result(guard, 'songplays', run, 'fail', `${outside.length} of ${judged.length} days outside their band (${span}): ${days.join('; ')}`)];
    }
  }
}
