import type pl from 'nodejs-polars';
import { TABLES, tableByName } from '../../catalog/tables';
import { QUARANTINE_DIR } from '../../core/run-contract';
import { decodeDataPath } from '../../delta/data-path';
import { history } from '../../delta/history';
import { NotADeltaTableError, readSnapshot } from '../../delta/snapshot';
import { commitTableWrite } from '../../delta/table-write';
import { listRunManifests, readRunManifest, writeRunManifest } from '../../quality/read-manifest';
import { RUN_MANIFEST_DIR, type RunManifest } from '../../quality/run-manifest';
import { openStorage } from '../../storage/open-storage';
import type { Storage } from '../../storage/storage';
import { readParquetTable } from '../parquet-table';
import type { DataFile, PublishOptions, TableFormat, TableRef } from '../table-format';
import { UserError } from '../../errors';
import { withCommitLock } from './commit-lock';
import { quarantineFolder, runFolder } from './lake-paths';
import { assertNotPointerLayout } from './pointer-layout';
import { applyRunRetention, applyTableRetention } from './retention';
import { parquetFilesBelow, runFileAdds } from './run-files';
import { storageLogStore } from './storage-log-store';

export const DEFAULT_KEEP_VERSIONS = 2;

/**
 * The lake's table format: each star table is a Delta table at `OUTPUT/<table>/`, which Spark, Athena, Trino,
 * delta-rs (Polars, pandas) and DuckDB open at a stable path. A run's engine writes plain Hive-partitioned Parquet
 * under `OUTPUT/<table>/<runId>/` (invisible to Delta readers); after the gate, `publish` commits the five tables
 * under the lake's commit lock, each as one transaction (remove every active file, add the run's), then records
 * the run manifest with each table's version, then applies retention.
 */
export class DeltaFormat implements TableFormat {
  readonly name = 'delta';
  private readonly lake: Storage;
  /** Runs that committed at least one table through this object: their files must survive a failed end(). */
  private readonly committedRuns = new Set<string>();

  constructor(readonly root: string) {
    this.lake = openStorage(root);
  }

  async begin(runId: string, names: string[]): Promise<Record<string, string>> {
    // Fail on an old layout, a missing bucket or missing rights now, not after the whole build.
    await this.lake.check();
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
    // Listed before the lock: the run's files are complete (the gate read them), and the lock is held briefly.
    const adds = await Promise.all(
      TABLES.map(async (t) => runFileAdds(t, runId, options.runFiles?.[t.name] ?? (await parquetFilesBelow(this.lake.child(runFolder(t.name, runId)))))),
    );
    const merge = options.merge;
    const committed = await withCommitLock(this.lake, runId, async () => {
      if (merge) await this.assertStillBase(merge.baseRunId);
      const versions: Record<string, number> = {};
      for (const [i, table] of TABLES.entries()) {
        const store = storageLogStore(this.lake.child(table.name));
        // A full run replaces whatever is active now. An incremental one appends to, or leaves, its base version.
        const mode = merge?.modes[table.name] ?? 'overwrite';
        const baseFiles = merge && mode !== 'overwrite' ? (await readSnapshot(store, { version: merge.baseVersions[table.name] })).files : undefined;
        const result = await commitTableWrite(store, { table, adds: mode === 'unchanged' ? [] : adds[i], mode: mode === 'overwrite' ? 'overwrite' : 'append', runId, baseFiles });
        this.committedRuns.add(runId);
        versions[table.name] = result.version;
        options.onCommit?.(table.name, result.version);
      }
      const withVersions = { ...manifest, versions };
      await writeRunManifest(this.lake, withVersions);
      // Retention inside the lock: a run committing meanwhile would make its folder look finished yet unreferenced.
      for (const table of TABLES) await applyTableRetention(this.lake.child(table.name), keep);
      await applyRunRetention(this.lake, keep, runId);
      return withVersions;
    });
    return committed;
  }

  /** An incremental run merged into its base run's tables: refuse to commit when another run has committed since. */
  private async assertStillBase(baseRunId: string): Promise<void> {
    const latest = (await this.latestManifest())?.runId ?? null;
    if (latest !== baseRunId) {
      throw new UserError(`run ${latest} committed to ${this.root} while this incremental run merged into run ${baseRunId}; nothing was committed, run it again`);
    }
  }

  /** A failed run that committed nothing leaves no trace: its run folders and quarantine go. */
  async end(runId: string, succeeded: boolean): Promise<void> {
    if (succeeded || this.committedRuns.has(runId)) return;
    const folders = [...TABLES.map((t) => runFolder(t.name, runId)), quarantineFolder(runId)];
    for (const folder of folders) await this.lake.delete((await this.lake.list(folder)).map((o) => o.key));
  }

  /**
   * The run whose commit is a table's latest version; for the quarantine and the manifest, the run of the latest
   * run manifest. Null when never committed.
   */
  async publishedRun(name: string): Promise<string | null> {
    if (name === QUARANTINE_DIR || name === RUN_MANIFEST_DIR) return (await this.latestManifest())?.runId ?? null;
    const store = storageLogStore(this.lake.child(name));
    const last = (await history(store)).at(-1);
    return last ? String(last.commitInfo?.sparkifyRunId ?? '') || null : null;
  }

  /** A table's stable root (`OUTPUT/<table>`), or the latest run's quarantine folder or manifest folder. */
  async publishedLocation(name: string): Promise<string | null> {
    if (name === QUARANTINE_DIR || name === RUN_MANIFEST_DIR) {
      const latest = await this.latestManifest();
      return latest ? this.lake.locationOf(this.runKey(name, latest.runId)) : null;
    }
    return (await this.publishedRun(name)) === null ? null : this.lake.locationOf(name);
  }

  /** The newest manifest of a run whose tables are all committed, or null. */
  async latestManifest(): Promise<RunManifest | null> {
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
        .map((f) => ({ path: decodeDataPath(f.path), bytes: f.size, partitionValues: f.partitionValues }))
        .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    } catch (err) {
      if (!(err instanceof NotADeltaTableError)) throw err;
      return parquetFilesBelow(storage);
    }
  }

  async readTable(ref: TableRef, only?: string[]): Promise<pl.DataFrame> {
    tableByName(ref.table);
    const files = (await this.listFiles(ref)).map((f) => f.path);
    return openStorage(ref.location).withLocalFiles(files, (dir) => readParquetTable(dir, files, ref.table, only));
  }
}
