import { writeRunManifest } from '../../lake-log/read-manifest';
import type { Storage } from '../../storage/storage';
import type { HeldLock } from './commit-lock';
import { commitIntentTable, rollBackTable, whyNotCommittable } from './commit-run';
import { listJournal, readIntent, writeOutcome, type CommitIntent } from './lake-journal';

/**
 * Ends every run whose commit phase began but never ended (killed, or failed between its table commits), oldest
 * first, under the caller's commit lock: it finishes the run from its intent when every table can still take its
 * commit (the run was gated, its files are there), and otherwise rolls the tables it committed back. Returns one
 * line per run it ended, for the user; none when the lake was whole.
 */
export async function healLake(lake: Storage, lock: HeldLock, by: string): Promise<string[]> {
  const said: string[] = [];
  for (const entry of await listJournal(lake)) {
    if (entry.finished) continue;
    const intent = await readIntent(lake, entry.seq);
    if (intent === null) continue;
    said.push(await endRun(lake, intent, lock, by));
  }
  return said;
}

/** Finishes the run, or rolls it back when it cannot be finished; writes its outcome; returns what it did. */
export async function endRun(lake: Storage, intent: CommitIntent, lock: HeldLock, by: string): Promise<string> {
  const reasons: string[] = [];
  for (const planned of intent.tables) {
    const why = await whyNotCommittable(lake, intent, planned);
    if (why !== null) reasons.push(why);
  }
  if (reasons.length === 0) {
    const versions: Record<string, number> = {};
    const finished: string[] = [];
    for (const planned of intent.tables) {
      await lock.assertHeld();
      const committed = await commitIntentTable(lake, intent, planned);
      versions[planned.table] = committed.version;
      if (committed.now) finished.push(planned.table);
    }
    await writeRunManifest(lake, { ...intent.manifest, versions, seq: intent.seq });
    const note = finished.length === 0 ? 'every table was committed; recorded its outcome' : `committed ${finished.join(', ')}`;
    await writeOutcome(lake, intent.seq, { outcome: 'committed', runId: intent.runId, at: new Date().toISOString(), by, versions, note });
    return `repaired the lake: run ${intent.runId} had stopped during its commits; ${note}`;
  }
  const versions: Record<string, number> = {};
  const undone: string[] = [];
  for (const planned of intent.tables) {
    const version = await rollBackTable(lake, intent, planned.table, lock);
    if (version !== null) {
      versions[planned.table] = version;
      undone.push(planned.table);
    }
  }
  const note = `${reasons.join('; ')}; ${undone.length === 0 ? 'it had committed no table' : `rolled back ${undone.join(', ')}`}`;
  await writeOutcome(lake, intent.seq, { outcome: 'rolled-back', runId: intent.runId, at: new Date().toISOString(), by, versions, note });
  return `repaired the lake: run ${intent.runId} stopped during its commits and cannot be finished (${note})`;
}
