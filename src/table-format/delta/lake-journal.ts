import type { AddAction } from '../../delta/actions';
import { padVersion } from '../../delta/log-paths';
import type { RunManifest } from '../../lake-log/run-manifest';
import type { Storage } from '../../storage/storage';

/**
 * The lake's commit journal, `_commits/`: Delta commits one table at a time, so before the first of a run's five
 * commits the run writes its intent here, numbered by the lake's run sequence (`_commits/<seq>.json`, created with
 * put-if-absent, so two runs can never take one number). Every commit of the run carries the same number as its
 * Delta `txn` (appId `sparkify`), so each table's log says which run it is at. Once all five are committed (or a
 * repair rolled the committed ones back) the outcome is written beside it (`<seq>.outcome.json`).
 *
 * An intent without an outcome is a run that died or failed between its commits: the next kit command on the lake
 * finishes it from the intent (its files, its manifest) or rolls it back (heal-lake.ts). The journal is also the
 * lake's run order: the latest run is the highest committed number, whatever the runs' start times.
 */
export const JOURNAL_DIR = '_commits';
/** The Delta `txn` appId of the kit's commits. */
export const KIT_APP_ID = 'sparkify';

/** What one table of a run commits: replace it, append to it, or only record the run (nothing changed). */
export type TableCommitMode = 'overwrite' | 'append' | 'unchanged';

export interface TableIntent {
  table: string;
  mode: TableCommitMode;
  /** The version the run read this table at (an incremental run's merge); null when it read nothing of it. */
  readVersion: number | null;
  /** The run's new data files, as their add actions. */
  adds: AddAction[];
}

export interface CommitIntent {
  seq: number;
  runId: string;
  createdAt: string;
  /** 'incremental' runs computed replaced tables from what they read, so a repair may finish them only on that version. */
  mode: 'full' | 'incremental';
  /** The run's manifest without versions: whoever finishes the run writes it. */
  manifest: RunManifest;
  /** In commit order. */
  tables: TableIntent[];
}

export interface CommitOutcome {
  outcome: 'committed' | 'rolled-back';
  runId: string;
  at: string;
  /** The run that finished it (itself, or the run or command that healed the lake). */
  by: string;
  /** Each table's version after the run's commit, or after the roll-back. */
  versions: Record<string, number>;
  /** Why a repair rolled the run back, or what it finished. */
  note?: string;
}

export function intentKey(seq: number): string {
  return `${JOURNAL_DIR}/${padVersion(seq)}.json`;
}

export function outcomeKey(seq: number): string {
  return `${JOURNAL_DIR}/${padVersion(seq)}.outcome.json`;
}

/** One numbered run of the journal: whether it has an outcome yet. */
export interface JournalEntry {
  seq: number;
  finished: boolean;
}

/** The journal's runs, oldest first. */
export async function listJournal(lake: Storage): Promise<JournalEntry[]> {
  const entries = new Map<number, JournalEntry>();
  for (const object of await lake.list(JOURNAL_DIR)) {
    const m = /^_commits\/(\d{20})\.(json|outcome\.json)$/.exec(object.key);
    if (!m) continue;
    const seq = Number(m[1]);
    const entry = entries.get(seq) ?? { seq, finished: false };
    if (m[2] === 'outcome.json') entry.finished = true;
    entries.set(seq, entry);
  }
  return [...entries.values()].sort((a, b) => a.seq - b.seq);
}

async function readJson<T>(lake: Storage, key: string): Promise<T | null> {
  const bytes = await lake.read(key);
  if (bytes === null) return null;
  try {
    return JSON.parse(bytes.toString('utf8')) as T;
  } catch (err) {
    throw new Error(`${lake.locationOf(key)} is not valid JSON (${(err as Error).message}); the lake's commit journal is damaged`);
  }
}

export function readIntent(lake: Storage, seq: number): Promise<CommitIntent | null> {
  return readJson<CommitIntent>(lake, intentKey(seq));
}

export function readOutcome(lake: Storage, seq: number): Promise<CommitOutcome | null> {
  return readJson<CommitOutcome>(lake, outcomeKey(seq));
}

/** Writes the intent unless its number is taken: false when another run holds that number. */
export function claimIntent(lake: Storage, intent: CommitIntent): Promise<boolean> {
  return lake.putIfAbsent(intentKey(intent.seq), JSON.stringify(intent) + '\n');
}

export async function writeOutcome(lake: Storage, seq: number, outcome: CommitOutcome): Promise<void> {
  await lake.write(outcomeKey(seq), JSON.stringify(outcome, null, 2) + '\n');
}

/** The newest run the journal records as committed, or null (its intent, which holds every added file, is not read). */
export async function latestCommitted(lake: Storage, journal?: JournalEntry[]): Promise<{ seq: number; outcome: CommitOutcome } | null> {
  for (const entry of [...(journal ?? (await listJournal(lake)))].reverse()) {
    if (!entry.finished) continue;
    const outcome = await readOutcome(lake, entry.seq);
    if (outcome?.outcome === 'committed') return { seq: entry.seq, outcome };
  }
  return null;
}
