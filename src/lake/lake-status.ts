import { listInputFiles, pendingFiles } from '../quality/input-bookmark';
import { listRunManifests, readRunManifest } from '../quality/read-manifest';
import type { FieldDrift, InputFile, RunManifest } from '../quality/run-manifest';
import { openStorage } from '../storage/open-storage';
import { openTableFormat } from '../table-format/open-table-format';
import type { LakeState, TableState } from '../table-format/table-format';

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
}

export interface LakeStatus {
  lake: string;
  /** Kept run manifests, newest committed first (the lake's commit order). */
  runs: RunStatus[];
  /** Each table as Delta readers see it: its latest version, the kit run it holds, other writers' commits since. */
  tables: TableState[];
  /** The latest run committed whole, a run stopped between its commits, a torn star. */
  state: LakeState;
  /** With an input: its files the lake has not consumed (new, or re-delivered with other content). */
  pending: { input: string; listed: number; files: InputFile[]; bookmarked: boolean } | null;
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
  };
}

/** What `sparkify status` shows: the kept runs (what each read, its drift), table versions, and what is pending. */
export async function lakeStatus(lake: string, input?: string): Promise<LakeStatus> {
  const storage = openStorage(lake);
  const manifests: RunManifest[] = [];
  for (const runId of await listRunManifests(storage)) {
    const manifest = await readRunManifest(storage, runId);
    if (manifest) manifests.push(manifest);
  }
  // Newest committed first: the lake's commit order (a run's number), not its start time.
  manifests.sort((a, b) => (b.seq ?? -1) - (a.seq ?? -1) || (a.runId < b.runId ? 1 : -1));
  const format = openTableFormat(lake);
  const state = await format.state();
  const latest = await format.latestManifest();
  let pending: LakeStatus['pending'] = null;
  if (input !== undefined) {
    const listed = await listInputFiles(input);
    const bookmark = latest?.bookmark;
    pending = { input, listed: listed.length, files: pendingFiles(listed, bookmark ?? []), bookmarked: bookmark !== undefined };
  }
  return { lake, runs: manifests.map(runStatus), tables: state.tables, state, pending };
}
