import { tableByName } from '../../catalog/tables';
import { assertWritable, TableWriteRefusedError } from '../../delta/commit';
import { tableProperties } from '../../delta/table-properties';
import { readSnapshotOrNull } from '../../delta/table-write';
import type { Snapshot } from '../../delta/snapshot';
import { UserError } from '../../errors';
import type { Storage } from '../../storage/storage';
import type { TableIntent } from './lake-journal';
import type { TableState } from './lake-state';
import { storageLogStore } from './storage-log-store';

/**
 * Checks, before a run's first commit, that every table can take its commit: the log reads (a damaged entry fails
 * here, naming the table), the table's features are ones the kit writes, `delta.appendOnly` allows the commit, and
 * an incremental run's replaced tables are still at the versions it read. A predictable failure so commits nothing.
 * Returns each table's latest snapshot.
 */
export async function preflight(lake: Storage, tables: TableIntent[], mode: 'full' | 'incremental'): Promise<Record<string, Snapshot | null>> {
  const snapshots: Record<string, Snapshot | null> = {};
  for (const planned of tables) {
    const store = storageLogStore(lake.child(planned.table));
    const snapshot = await readSnapshotOrNull(store);
    snapshots[planned.table] = snapshot;
    if (snapshot === null) continue;
    assertWritable(snapshot, store.location);
    if (planned.mode === 'overwrite' && snapshot.files.length > 0 && tableProperties(snapshot.metadata).appendOnly) {
      throw new TableWriteRefusedError(
        `${store.location}: the table is append-only (delta.appendOnly=true) and this ${mode} run would replace its ${snapshot.files.length} files; ` +
          `nothing was committed (the kit replaces ${planned.table} on every ${mode} run: unset the property to let it)`,
      );
    }
    if (mode === 'incremental' && planned.mode === 'overwrite' && planned.readVersion !== null && snapshot.version !== planned.readVersion) {
      throw new UserError(
        `${tableByName(planned.table).name} changed (version ${snapshot.version}) after this incremental run read version ${planned.readVersion}; nothing was committed, run it again`,
      );
    }
  }
  return snapshots;
}

/** One line per table whose commits by other writers a full run replaces, e.g. `songplays: 2 commits by other writers (delta-rs.1.6.6 DELETE at v5, …)`. */
export function supersededForeignCommits(states: TableState[]): string[] {
  return states
    .filter((t) => t.foreign.length > 0)
    .map((t) => {
      const list = t.foreign.map((f) => `${f.writer} ${f.operation} at v${f.version}`).join(', ');
      return `${t.table}: this full run replaces ${t.foreign.length} commit${t.foreign.length === 1 ? '' : 's'} by other writers since the kit's last (${list})`;
    });
}
