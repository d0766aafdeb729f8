import type { Action } from './actions';

/**
 * When a commit loses the race for its version, may it simply be written again at the next free version?
 * (Delta's optimistic concurrency, reduced to the kit's two kinds of write.)
 *
 * - A blind append (adds only, computed from nothing it read; commitInfo.isBlindAppend) never conflicts with data changes: data file names
 *   are unique, so both appends land. It retries.
 * - A commit with removes (a table replace) was computed from the snapshot it read: it removes every file that
 *   snapshot had. If a winner added data files, retrying would leave the winner's rows beside ours (a table mixed
 *   from two runs); if a winner removed files we remove too, both replaced the same data. Either way it fails and
 *   the caller re-runs from the new snapshot.
 * - Any winner that changed the protocol or the metadata (schema, partitioning), or created the table we meant to
 *   create, conflicts with everything.
 * - Winners that changed no data (only commitInfo, or dataChange=false rewrites of files we do not touch) do not
 *   conflict.
 *
 * Returns null when ours can be retried, else a short reason naming the winning version.
 */
export function conflictReason(ours: Action[], winners: { version: number; actions: Action[] }[]): string | null {
  const ourRemoves = new Set(ours.flatMap((a) => ('remove' in a ? [a.remove.path] : [])));
  const creates = ours.some((a) => 'metaData' in a) && ours.some((a) => 'protocol' in a);
  // A replace of a table that had no files removes nothing, yet is no blind append: commitInfo says which it is.
  const info = ours.find((a) => 'commitInfo' in a);
  const blindAppend = info && 'commitInfo' in info && typeof info.commitInfo.isBlindAppend === 'boolean' ? info.commitInfo.isBlindAppend : ourRemoves.size === 0;
  for (const { version, actions } of winners) {
    const operation = actions.find((a) => 'commitInfo' in a);
    const what = `version ${version}${operation && 'commitInfo' in operation ? ` (${describe(operation.commitInfo)})` : ''}`;
    if (creates && version === 0) return `${what} created the table first`;
    if (actions.some((a) => 'metaData' in a || 'protocol' in a)) return `${what} changed the table's schema, partitioning or protocol`;
    if (blindAppend) continue;
    const theirRemove = actions.find((a) => 'remove' in a && ourRemoves.has(a.remove.path));
    if (theirRemove && 'remove' in theirRemove) return `${what} also removed ${theirRemove.remove.path}`;
    if (actions.some((a) => 'add' in a && a.add.dataChange)) return `${what} added data after this commit's snapshot was read`;
  }
  return null;
}

function describe(info: { operation?: unknown; sparkifyRunId?: unknown }): string {
  return [info.operation, info.sparkifyRunId ? `run ${String(info.sparkifyRunId)}` : null].filter(Boolean).join(' by ');
}
