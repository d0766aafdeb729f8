import { checkpointBytes } from './checkpoint-file';
import type { LogStore } from './log-store';
import { checkpointKey, LAST_CHECKPOINT_KEY } from './log-paths';
import { readLastCheckpointVersion, readSnapshot } from './snapshot';

/** Delta's default `delta.deletedFileRetentionDuration`: tombstones younger than this stay in checkpoints. */
export const TOMBSTONE_RETENTION_MS = 7 * 24 * 3600 * 1000;

/**
 * Writes the classic checkpoint of `version` (the table's full state at it) and points `_last_checkpoint` at it
 * unless that already names a newer one. A checkpoint may be replaced: two writers of one version write the same
 * content (PROTOCOL.md "Classic checkpoint"), so a plain PUT is enough.
 */
export async function writeCheckpoint(store: LogStore, version: number, now: number = Date.now()): Promise<{ bytes: number; actions: number }> {
  const snapshot = await readSnapshot(store, { version });
  const tombstones = snapshot.tombstones.filter((r) => (r.deletionTimestamp ?? 0) > now - TOMBSTONE_RETENTION_MS);
  const bytes = checkpointBytes({ ...snapshot, tombstones });
  await store.put(checkpointKey(version), Buffer.from(bytes));
  const actions = 2 + snapshot.txns.length + snapshot.files.length + tombstones.length;
  const previous = await readLastCheckpointVersion(store);
  if (previous === null || previous < version) {
    const last = { version, size: actions, sizeInBytes: bytes.length, numOfAddFiles: snapshot.files.length };
    await store.put(LAST_CHECKPOINT_KEY, JSON.stringify(last));
  }
  return { bytes: bytes.length, actions };
}
