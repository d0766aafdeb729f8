import pl from 'nodejs-polars';
import { checksOf } from '../catalog/checks';
import { TABLES, tableByName } from '../catalog/tables';
import type { CheckDef } from '../catalog/types';
import type { RunManifest } from '../lake-log/run-manifest';
import { checkName, type CheckResult } from '../quality/check-result';
import { columnsOfCheck, parentKeyColumns } from '../quality/checked-columns';
import { evaluateCheck, type ReconciliationCounts, type TableFrames } from '../quality/evaluate-check';
import { joinLocation } from '../storage/location';
import type { MergeCommit, TableFormat, TableRef } from '../table-format/table-format';

/** Checks that look at one row at a time: their outcome over a table is that of its parts. */
const ROW_CHECKS: ReadonlySet<CheckDef['kind']> = new Set(['not_null', 'range', 'accepted_values']);

/** A blocking row check: one a committed table has passed (a warning may have failed and been committed). */
const isRowCheck = (check: CheckDef) => ROW_CHECKS.has(check.kind) && (check.severity ?? 'error') === 'error';

/**
 * The tables an incremental run would commit, as the gate checks them: a replaced table is the run's files, an
 * unchanged one the base version, an appended one the base version's rows and the run's.
 * `whole` holds every table whole (as readers would see it); `added` holds, for an appended table whose base version
 * the kit's own gate passed (its latest commit is the kit's, no other writer committed since), only the run's rows:
 * its row checks need no more, and its base is then read with only the columns that checks across rows look at
 * (keys, references, the plays' start times), not the month's user agents and locations.
 */
export interface MergedTables {
  whole: TableFrames;
  added: TableFrames;
  /** The rows this run appends to songplays (for the days it adds), when it appends. */
  runSongplays?: pl.DataFrame;
}

export async function mergedTables(format: TableFormat, runRefs: Record<string, TableRef>, merge: MergeCommit, manifest: RunManifest): Promise<MergedTables> {
  const checked = await basesCheckedByKit(format, merge);
  const whole: TableFrames = {};
  const added: TableFrames = {};
  let runSongplays: pl.DataFrame | undefined;
  for (const table of TABLES) {
    const mode = merge.modes[table.name];
    const base = (columns?: string[]) =>
      format.readTable({ table: table.name, location: joinLocation(format.root, table.name), version: merge.baseVersions[table.name] }, columns);
    if (mode === 'overwrite') whole[table.name] = await format.readTable(runRefs[table.name]);
    else if (mode === 'unchanged') whole[table.name] = await base();
    else {
      const appended = await format.readTable(runRefs[table.name]);
      const columns = checked.has(table.name) ? acrossRowColumns(table.name) : undefined;
      const before = await base(columns);
      if (columns) added[table.name] = appended;
      if (table.name === 'songplays') runSongplays = appended;
      whole[table.name] = pl.concat([before, columns ? appended.select(...columns) : appended], { how: 'vertical' });
      if (table.name === 'songplays' && manifest.nextSongEvents) manifest.nextSongEvents.rowsBefore = before.height;
    }
  }
  if (merge.modes.songplays === 'unchanged' && manifest.nextSongEvents) manifest.nextSongEvents.rowsBefore = whole.songplays.height;
  return { whole, added, runSongplays };
}

/**
 * Every catalog check over the merged tables, in catalog order: a row check of an appended table whose base the
 * kit checked over the run's rows only (the base's rows passed it when committed), every other check whole.
 */
export async function checkMergedTables(merged: MergedTables, counts: ReconciliationCounts): Promise<CheckResult[]> {
  const rowFrames: TableFrames = { ...merged.whole, ...merged.added };
  return Promise.all(
    TABLES.flatMap((table) =>
      checksOf(table).map((check) => {
        const rowOnly = isRowCheck(check) && merged.added[table.name] !== undefined;
        return evaluateCheck(table.name, check, rowOnly ? rowFrames : merged.whole, counts);
      }),
    ),
  );
}

/**
 * The columns of a table that its checks across rows read (its key, its references, a warning's column, since a
 * warning does not stop a commit), those other tables' references point at, and songplays' start times (the plays
 * per day the run records).
 */
function acrossRowColumns(table: string): string[] {
  const def = tableByName(table);
  const wide = checksOf(def).filter((c) => !isRowCheck(c));
  const columns = new Set([...def.key, ...wide.flatMap(columnsOfCheck), ...(parentKeyColumns()[table] ?? []), ...(table === 'songplays' ? ['start_time'] : [])]);
  // In catalog order, as a whole read gives them.
  return def.columns.map((c) => c.name).filter((c) => columns.has(c));
}

/**
 * The appended tables whose base version the kit's gate passed, row check by row check: the kit made the table's
 * latest commit in the base run, nobody committed to it since, and that run's manifest records each of its blocking
 * row checks as passed (a check added to the catalog since then is run over the whole table).
 */
async function basesCheckedByKit(format: TableFormat, merge: MergeCommit): Promise<Set<string>> {
  const appended = TABLES.filter((t) => merge.modes[t.name] === 'append');
  if (appended.length === 0) return new Set();
  const [state, base] = await Promise.all([format.state(), format.latestManifest()]);
  if (base?.runId !== merge.baseRunId) return new Set();
  const passed = new Set(base.checks.filter((c) => c.status === 'pass').map((c) => c.name));
  const checked = appended.filter((table) => {
    const t = state.tables.find((s) => s.table === table.name);
    const ownCommit = t !== undefined && t.version === merge.baseVersions[table.name] && t.runId === base.runId && t.foreign.length === 0;
    return ownCommit && checksOf(table).filter(isRowCheck).every((check) => passed.has(checkName(table.name, check)));
  });
  return new Set(checked.map((t) => t.name));
}
