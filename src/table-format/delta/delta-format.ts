import type pl from 'nodejs-polars';
import { TABLES, tableByName } from '../../catalog/tables';
import { QUARANTINE_DIR } from '../../core/run-contract';
import { decodeDataPath } from '../../delta/data-path';
import { NotADeltaTableError, readSnapshot } from '../../delta/snapshot';
import { UserError } from '../../errors';
import { silentProgress, type Progress } from '../../progress';
import { listRunManifests, readRunManifest, writeRunManifest } from '../../lake-log/read-manifest';
import { RUN_MANIFEST_DIR, type RunManifest } from '../../lake-log/run-manifest';
import { openStorage } from '../../storage/open-storage';
import type { Storage } from '../../storage/storage';
import { readParquetTable } from '../parquet-table';
import type { DataFile, PublishOptions, TableFormat, TableRef } from '../table-format';
import { LockLostError, withCommitLock, type HeldLock } from './commit-lock';
import { commitIntentTable } from './commit-run';
import { endRun, healLake } from './heal-lake';
import { claimIntent, latestCommitted, listJournal, writeOutcome, type CommitIntent, type TableIntent } from './lake-journal';
import { quarantineFolder, runFolder } from './lake-paths';
import { readLakeState, type LakeState } from './lake-state';
import { assertNotPointerLayout } from './pointer-layout';
import { preflight, supersededForeignCommits } from './preflight';
import { applyRunRetention, applyTableRetention } from './retention';
import { parquetFilesBelow, runFileAdds } from './run-files';
import { storageLogStore } from './storage-log-store';
import { missingDataFileError } from './missing-data-file';
import { crashPoint } from './crash-point';
import { NO_PHASES } from '../../core/phase-timer';

export const DEFAULT_KEEP_VERSIONS = 2;

/** A run that failed between its table commits: the message names what was committed and what happens next. */
export class CommitPhaseError extends Error {}

/**
 * The lake's table format: each star table is a Delta table at `OUTPUT/<table>/`, which Spark, Athena, Trino,
 * delta-rs (Polars, pandas) and DuckDB open at a stable path. A run's engine writes plain Hive-partitioned Parquet
 * under `OUTPUT/<table>/<runId>/` (invisible to Delta readers); after the gate, `publish` commits the five tables
 * under the lake's commit lock: it ends any run a crash left half-committed, checks every table can take its
 * commit, writes the run's intent to the lake's journal, commits each table as one transaction carrying the run's
 * number, then records the run manifest and the outcome, then applies retention.
 */
export class DeltaFormat implements TableFormat {
  readonly name = 'delta';
  private readonly lake: Storage;
  /** Runs whose commit phase began through this object: their files must survive a failed end(). */
  private readonly committedRuns = new Set<string>();

  /** `lake` is the root's storage, when the caller opened it already. */
  constructor(readonly root: string, lake: Storage = openStorage(root)) {
    this.lake = lake;
  }

  async begin(runId: string, names: string[]): Promise<Record<string, string>> {
    // Fail on an old layout, a missing bucket or missing rights now, not after the whole build.
    await this.lake.check();
    await this.lake.checkWritable();
    await assertNotPointerLayout(this.lake);
    return this.plannedLocations(runId, names);
  }

  plannedLocations(runId: string, names: string[]): Record<string, string> {
    return Object.fromEntries(names.map((name) => [name, this.lake.locationOf(this.runKey(name, runId))]));
  }

  private runKey(name: string, runId: string): string {
    if (name === QUARANTINE_DIR) return quarantineFolder(runId);
    if (name === RUN_MANIFEST_DIR) return RUN_MANIFEST_DIR;
    return runFolder(name, runId);
  }

  async publish(manifest: RunManifest, options: PublishOptions = {}): Promise<RunManifest> {
    const { runId } = manifest;
    const keep = Math.max(1, options.keepVersions ?? DEFAULT_KEEP_VERSIONS);
    const progress = options.progress ?? silentProgress;
    const phases = options.phases ?? NO_PHASES;
    // Taking the lock and everything up to the run's intent: healing, the lake's state, the preflight of each table.
    const preparing = phases.start(['commit', 'lock, preflight, intent']);
    // Listed before the lock: the run's files are complete (the gate read them), and the lock is held briefly.
    const adds = await Promise.all(
      TABLES.map(async (t) => runFileAdds(t, runId, options.runFiles?.[t.name] ?? (await parquetFilesBelow(this.lake.child(runFolder(t.name, runId)))))),
    );
    const merge = options.merge;
    return withCommitLock(
      this.lake,
      runId,
      async (lock) => {
        for (const line of await healLake(this.lake, lock, runId)) progress.log(line);
        const state = await readLakeState(this.lake);
        if (merge && state.latest?.runId !== merge.baseRunId) {
          throw new UserError(`run ${state.latest?.runId ?? '(none)'} committed to ${this.root} while this incremental run merged into run ${merge.baseRunId}; nothing was committed, run it again`);
        }
        const mode = merge ? 'incremental' : 'full';
        const tables: TableIntent[] = TABLES.map((t, i) => {
          const tableMode = merge?.modes[t.name] ?? 'overwrite';
          return { table: t.name, mode: tableMode, readVersion: merge?.baseVersions[t.name] ?? null, adds: tableMode === 'unchanged' ? [] : adds[i] };
        });
        await preflight(this.lake, tables, mode);
        if (!merge) for (const line of supersededForeignCommits(state.tables)) progress.log(line);
        const intent: CommitIntent = { seq: await nextSeq(this.lake, state), runId, createdAt: new Date().toISOString(), mode, manifest, tables };
        if (!(await claimIntent(this.lake, intent))) {
          throw new UserError(`another run took commit number ${intent.seq} of ${this.root} at the same moment; nothing was committed, run it again`);
        }
        // From here the run's files must outlive a failure: the intent names them, and a repair may finish the run.
        this.committedRuns.add(runId);
        crashPoint('after-intent');
        preparing();
        const versions = await phases.time(['commit', 'delta log'], () => this.commitTables(intent, lock, options));
        const committed: RunManifest = { ...manifest, versions, seq: intent.seq };
        await phases.time(['commit', 'run manifest'], async () => {
          await writeRunManifest(this.lake, committed);
          crashPoint('after-manifest');
          await writeOutcome(this.lake, intent.seq, { outcome: 'committed', runId, at: new Date().toISOString(), by: runId, versions });
        });
        // Retention inside the lock: a run committing meanwhile would make its folder look finished yet unreferenced.
        await phases.time(['commit', 'retention'], async () => {
          for (const table of TABLES) await applyTableRetention(this.lake.child(table.name), keep);
          await applyRunRetention(this.lake, keep, runId);
        });
        return committed;
      },
      { progress },
    ).finally(preparing);
  }

  /**
   * The run's five commits, in catalog order. A failure part-way is reported with the tables already committed;
   * while this run still holds the lock it ends the run at once (finishing or rolling back, see heal-lake.ts), and
   * otherwise leaves it to the next kit command on the lake.
   */
  private async commitTables(intent: CommitIntent, lock: HeldLock, options: PublishOptions): Promise<Record<string, number>> {
    const versions: Record<string, number> = {};
    try {
      for (const planned of intent.tables) {
        await lock.assertHeld();
        const { version } = await commitIntentTable(this.lake, intent, planned);
        versions[planned.table] = version;
        options.onCommit?.(planned.table, version);
        crashPoint(`after-commit:${planned.table}`);
      }
      return versions;
    } catch (err) {
      const done = Object.keys(versions);
      const committed = done.length === 0 ? 'no table was committed' : `${done.map((t) => `${t} v${versions[t]}`).join(', ')} committed`;
      let after = `the next sparkify etl or sparkify repair on ${this.root} finishes the run or rolls it back`;
      if (!(err instanceof LockLostError)) {
        try {
          after = await endRun(this.lake, intent, lock, intent.runId);
        } catch (healErr) {
          after += ` (ending it now failed too: ${firstLine(healErr)})`;
        }
      }
      throw new CommitPhaseError(`${firstLine(err)}; ${committed} before that; ${after}`);
    }
  }

  /** Ends any run a crash left between its commits (see heal-lake.ts), under the lock; the lines say what was done. */
  async repair(by: string, progress: Progress = silentProgress): Promise<string[]> {
    if ((await listJournal(this.lake)).every((e) => e.finished)) return [];
    return withCommitLock(this.lake, by, (lock) => healLake(this.lake, lock, by), { progress });
  }

  /** What Delta readers see now: each table's version and run, other writers' commits, a torn star. */
  state(): Promise<LakeState> {
    return readLakeState(this.lake);
  }

  /** A failed run that committed nothing leaves no trace: its run folders and quarantine go. */
  async end(runId: string, succeeded: boolean): Promise<void> {
    if (succeeded || this.committedRuns.has(runId)) return;
    const folders = [...TABLES.map((t) => runFolder(t.name, runId)), quarantineFolder(runId)];
    for (const folder of folders) await this.lake.delete((await this.lake.list(folder)).map((o) => o.key));
  }

  /**
   * The run whose rows a table's latest version holds (its latest kit commit); for the quarantine and the manifest,
   * the latest committed run. Null when never committed.
   */
  async publishedRun(name: string): Promise<string | null> {
    if (name === QUARANTINE_DIR || name === RUN_MANIFEST_DIR) return (await this.latestManifest())?.runId ?? null;
    return (await this.state()).tables.find((t) => t.table === name)?.runId ?? null;
  }

  /** A table's stable root (`OUTPUT/<table>`), or the latest run's quarantine folder or manifest folder. */
  async publishedLocation(name: string): Promise<string | null> {
    if (name === QUARANTINE_DIR || name === RUN_MANIFEST_DIR) {
      const latest = await this.latestManifest();
      return latest ? this.lake.locationOf(this.runKey(name, latest.runId)) : null;
    }
    return (await this.publishedRun(name)) === null ? null : this.lake.locationOf(name);
  }

  /**
   * The manifest of the latest run committed whole, in the lake's commit order (the journal), whatever the runs'
   * start times; or null. A lake written before the journal existed falls back to the newest complete manifest.
   */
  async latestManifest(): Promise<RunManifest | null> {
    const journal = await listJournal(this.lake);
    if (journal.length > 0) {
      const latest = await latestCommitted(this.lake, journal);
      return latest ? readRunManifest(this.lake, latest.outcome.runId) : null;
    }
    const runs = await listRunManifests(this.lake);
    for (const runId of runs.reverse()) {
      const manifest = await readRunManifest(this.lake, runId);
      if (manifest?.versions && TABLES.every((t) => typeof manifest.versions![t.name] === 'number')) return manifest;
    }
    // No run here: say so plainly when the output is a lake of the older layout.
    await assertNotPointerLayout(this.lake);
    return null;
  }

  /**
   * The data files of a table: those named in the ref; else, when the location is a Delta table, those of its
   * version (the latest when none is named); else the Parquet files below the location (a run's folder, gated
   * before it is committed). Paths are relative to the location.
   */
  async listFiles(ref: TableRef): Promise<DataFile[]> {
    if (ref.files) return ref.files;
    const storage = openStorage(ref.location);
    try {
      const snapshot = await readSnapshot(storageLogStore(storage), { version: ref.version });
      return snapshot.files
        .map((f) => ({ path: decodeDataPath(f.path), bytes: f.size, partitionValues: f.partitionValues, ...(f.stats ? { stats: f.stats } : {}) }))
        .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    } catch (err) {
      if (!(err instanceof NotADeltaTableError)) throw err;
      return parquetFilesBelow(storage);
    }
  }

  async readTable(ref: TableRef, only?: string[]): Promise<pl.DataFrame> {
    tableByName(ref.table);
    const files = await this.listFiles(ref);
    const paths = files.map((f) => f.path);
    try {
      return await openStorage(ref.location).withLocalFiles(paths, (dir) => readParquetTable(dir, files, ref.table, only));
    } catch (err) {
      throw (await missingDataFileError(ref, paths, err)) ?? err;
    }
  }
}

/** The next number in the lake's commit order: after every run the journal or any table's `txn` has seen. */
async function nextSeq(lake: Storage, state: LakeState): Promise<number> {
  const journal = await listJournal(lake);
  return Math.max(0, ...journal.map((e) => e.seq), ...state.tables.map((t) => t.seq ?? 0)) + 1;
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0];
}
