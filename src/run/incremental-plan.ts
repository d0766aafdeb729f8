import { TABLES } from '../catalog/tables';
import type { IncrementalJob, LakeDataFile } from '../core/run-contract';
import type { InputFile, RunManifest } from '../quality/run-manifest';
import { joinLocation } from '../storage/location';
import type { MergeCommit, TableFormat } from '../table-format/table-format';
import { formatBytes } from '../format';
import { silentProgress, type Progress } from '../progress';
import { pendingFiles } from '../quality/input-bookmark';

const SONG_FOLDER = 'song_data';
const LOG_FOLDER = 'log_data';

/** What an incremental run does, decided from the input's listing and the lake's latest run manifest. */
export type IncrementalPlan =
  /** An empty lake, or one whose runs recorded no bookmark (written before incremental runs existed). */
  | { kind: 'full'; reason: string }
  /** Every input file was consumed already, with the same content. */
  | { kind: 'nothing-new'; base: RunManifest }
  | { kind: 'merge'; base: RunManifest; read: InputFile[]; job: IncrementalJob; merge: MergeCommit };

/**
 * Plans an incremental run: the input files not consumed by the lake's latest committed run (new, or re-delivered
 * with another size or ETag/modification time), the tables they change, and each table at its latest version (other
 * writers' commits included), which the merge steps read. Songs and artists change only with new song files; users, songplays and time only
 * with new log files (or `--rematch`, which reads every log file again and rebuilds songplays and time).
 */
export async function planIncremental(format: TableFormat, listed: InputFile[], rematch: boolean, progress: Progress = silentProgress): Promise<IncrementalPlan> {
  const base = await format.latestManifest();
  if (base === null) return { kind: 'full', reason: 'the lake has no run yet: a full load' };
  if (!base.bookmark) return { kind: 'full', reason: `run ${base.runId} recorded no input bookmark: a full load` };
  const pending = pendingFiles(listed, base.bookmark);
  const songs = pending.filter((f) => f.source === SONG_FOLDER);
  const logs = rematch ? listed.filter((f) => f.source === LOG_FOLDER) : pending.filter((f) => f.source === LOG_FOLDER);
  if (songs.length === 0 && logs.length === 0) return { kind: 'nothing-new', base };

  const events = logs.length > 0;
  const modes: MergeCommit['modes'] = {
    songs: songs.length > 0 ? 'overwrite' : 'unchanged',
    artists: songs.length > 0 ? 'overwrite' : 'unchanged',
    users: events ? 'overwrite' : 'unchanged',
    songplays: !events ? 'unchanged' : rematch ? 'overwrite' : 'append',
    time: !events ? 'unchanged' : rematch ? 'overwrite' : 'append',
  };
  // Each table as readers see it now, pinned to its version: the merge reads these, the commit checks them.
  const state = await format.state();
  const baseVersions: Record<string, number> = {};
  for (const t of state.tables) {
    if (t.version === null) return { kind: 'full', reason: `the lake has no ${t.table} table: a full load` };
    baseVersions[t.table] = t.version;
  }
  const lake: IncrementalJob['lake'] = {};
  for (const table of TABLES) {
    const location = joinLocation(format.root, table.name);
    const files = await format.listFiles({ table: table.name, location, version: baseVersions[table.name] });
    lake[table.name] = { location, files: files.map((f) => ({ ...f, partitionValues: f.partitionValues ?? {} }) as LakeDataFile) };
  }
  const read = [...songs, ...logs];
  return {
    kind: 'merge',
    base,
    read,
    job: {
      sourceFiles: { [SONG_FOLDER]: songs.map((f) => f.path), [LOG_FOLDER]: logs.map((f) => f.path) },
      lake,
      writes: TABLES.map((t) => t.name).filter((name) => modes[name] !== 'unchanged'),
      rematch,
      read: (table, files) => {
        // What the merge reads of the lake: the cost of an incremental run beside the new input files.
        const bytes = files.reduce((n, f) => n + f.bytes, 0);
        progress.log(`lake ${table}: reading ${files.length} of ${lake[table].files.length} files, ${formatBytes(bytes)}`);
        return format.readTable({ table, location: lake[table].location, files });
      },
    },
    merge: { baseRunId: base.runId, baseVersions, modes },
  };
}
