import { compareWithBookmark, listInputFiles, pendingFiles } from '../lake-log/input-bookmark';
import { withContentHashes } from '../lake-log/content-hash';
import { listRunManifests, readRunManifest } from '../lake-log/read-manifest';
import type { FieldDrift, InputFile, RunManifest } from '../lake-log/run-manifest';
import type { RunCost } from '../core/run-contract';
import type { Storage } from '../storage/storage';
import { asLake, type Lake } from '../table-format/open-lake';
import type { LakeState, TableState } from '../table-format/table-format';
import { history } from '../delta/history';
import { storageLogStore } from '../table-format/delta/storage-log-store';
import { joinLocation } from '../storage/location';
import { newestStartTime } from '../lake-log/play-days';
import type { TableFormat } from '../table-format/table-format';

export interface RunStatus {
  runId: string;
  mode: 'full' | 'incremental';
  baseRunId: string | null;
  engine: string;
  input: string;
  finishedAt: string;
  /** The input files the run read (null: a run from before runs recorded them). */
  read: InputFile[] | null;
  versions: Record<string, number>;
  /** Rows each table the run wrote received (appended rows for an append). */
  rows: Record<string, number>;
  drift: FieldDrift[];
  /** Records loaded and quarantined per source. */
  sources: { source: string; records: number; quarantined: number }[];
  /** Rows songplays held after the run (null: not recorded, an incremental run from before runs counted days). */
  songplays: number | null;
  /** The newest day of plays songplays held after the run (UTC), or null when not recorded. */
  newestPlayDay: string | null;
  /** The guards that warned (their check names), and the override flags that let the run through a guard. */
  guardsWarned: string[];
  overrides: string[];
  /** A run on a paid target: its estimated and measured cost, as its manifest records them (absent otherwise). */
  cost?: RunCost;
}

/** How recent a table is: its newest event (songplays, time: start_time from the Delta file statistics), else the
 *  commit time of its latest version. */
export interface TableFreshness {
  table: string;
  version: number | null;
  measure: 'newest start_time' | 'latest commit';
  /** ISO time, or null (no table, or files without statistics). */
  newest: string | null;
}

export interface LakeStatus {
  lake: string;
  /** Kept run manifests, newest committed first (the lake's commit order). */
  runs: RunStatus[];
  /** Each table as Delta readers see it: its latest version, the kit run it holds, other writers' commits since. */
  tables: TableState[];
  /** How recent each table is. */
  freshness: TableFreshness[];
  /** The latest run committed whole, a run stopped between its commits, a torn star. */
  state: LakeState;
  /** With an input: its files the lake has not consumed (new, or re-delivered with other content: `files`), of
   *  those the re-delivered ones (`changed`), and files the lake consumed that are gone from the input (`gone`). */
  pending: { input: string; listed: number; files: InputFile[]; changed: InputFile[]; gone: InputFile[]; bookmarked: boolean } | null;
}

function runStatus(manifest: RunManifest): RunStatus {
  return {
    runId: manifest.runId,
    mode: manifest.mode ?? 'full',
    baseRunId: manifest.baseRunId ?? null,
    engine: manifest.engine,
    input: manifest.input,
    finishedAt: manifest.finishedAt,
    read: manifest.read ?? null,
    versions: manifest.versions ?? {},
    rows: Object.fromEntries(manifest.tables.map((t) => [t.table, t.rows])),
    drift: manifest.drift ?? [],
    sources: manifest.sources.map((s) => ({ source: s.source, records: s.records, quarantined: s.quarantined })),
    songplays: manifest.dailyPlays
      ? Object.values(manifest.dailyPlays).reduce((a, b) => a + b, 0)
      : (manifest.mode ?? 'full') === 'full'
        ? (manifest.tables.find((t) => t.table === 'songplays')?.rows ?? null)
        : null,
    newestPlayDay: manifest.dailyPlays ? (Object.keys(manifest.dailyPlays).sort().at(-1) ?? null) : null,
    guardsWarned: manifest.checks.filter((c) => c.kind === 'guard' && c.status === 'fail' && c.severity === 'warn').map((c) => c.name),
    overrides: manifest.overrides ?? [],
    ...(manifest.cost ? { cost: manifest.cost } : {}),
  };
}

/** Each table's freshness: newest start_time from the statistics of its latest version's files (no data is read),
 *  or the time its latest version was committed. */
async function tableFreshness(storage: Storage, format: TableFormat, state: LakeState): Promise<TableFreshness[]> {
  return Promise.all(
    state.tables.map(async (t): Promise<TableFreshness> => {
      const byEvents = t.table === 'songplays' || t.table === 'time';
      const measure = byEvents ? 'newest start_time' : 'latest commit';
      if (t.version === null) return { table: t.table, version: null, measure, newest: null };
      if (byEvents) {
        const files = await format.listFiles({ table: t.table, location: joinLocation(format.root, t.table), version: t.version });
        const newest = newestStartTime(files);
        return { table: t.table, version: t.version, measure, newest: newest === null ? null : new Date(newest).toISOString() };
      }
      const entry = (await history(storageLogStore(storage.child(t.table)))).find((e) => e.version === t.version);
      return { table: t.table, version: t.version, measure, newest: entry ? new Date(entry.timestamp).toISOString() : null };
    }),
  );
}

/** What `sparkify status` shows: the kept runs (what each read, its drift), table versions, and what is pending. */
export async function lakeStatus(opened: Lake | string, input?: string): Promise<LakeStatus> {
  const { location: lake, storage, format } = asLake(opened);
  const manifests: RunManifest[] = [];
  for (const runId of await listRunManifests(storage)) {
    const manifest = await readRunManifest(storage, runId);
    if (manifest) manifests.push(manifest);
  }
  // Newest committed first: the lake's commit order (a run's number), not its start time.
  manifests.sort((a, b) => (b.seq ?? -1) - (a.seq ?? -1) || (a.runId < b.runId ? 1 : -1));
  const state = await format.state();
  const latest = await format.latestManifest();
  let pending: LakeStatus['pending'] = null;
  if (input !== undefined) {
    const listed = await withContentHashes(input, await listInputFiles(input), latest);
    const bookmark = latest?.bookmark;
    const changes = compareWithBookmark(listed, bookmark ?? []);
    pending = { input, listed: listed.length, files: pendingFiles(changes), changed: changes.changed, gone: changes.gone, bookmarked: bookmark !== undefined };
  }
  const freshness = await tableFreshness(storage, format, state);
  return { lake, runs: manifests.map(runStatus), tables: state.tables, freshness, state, pending };
}
