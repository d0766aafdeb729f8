import { TABLES, tableByName, tableFolder } from '../catalog/tables';
import { readsEvents } from '../models/models';
import type { IncrementalJob, LakeDataFile } from '../core/run-contract';
import type { InputFile, RunManifest } from '../lake-log/run-manifest';
import { joinLocation } from '../storage/location';
import type { MergeCommit, TableFormat } from '../table-format/table-format';
import { formatBytes } from '../format';
import { silentProgress, type Progress } from '../progress';
import { compareWithBookmark, type InputChanges } from '../lake-log/input-bookmark';

const SONG_FOLDER = 'song_data';
const LOG_FOLDER = 'log_data';

/** Input files an incremental run could not fold into the lake exactly: re-delivered with other content (their new
 *  records are merged, but rows they corrected or dropped stay as first read) and gone from the input (their rows stay). */
export type NotFolded = Pick<InputChanges, 'changed' | 'gone'>;

/** What an incremental run does, decided from the input's listing and the lake's latest run manifest. */
export type IncrementalPlan =
  /** An empty lake, one whose runs recorded no bookmark (written before incremental runs existed), or a rebuild. */
  | { kind: 'full'; reason: string }
  /** Every input file was consumed already, with the same content. */
  | { kind: 'nothing-new'; base: RunManifest; notFolded: NotFolded }
  | { kind: 'merge'; base: RunManifest; read: InputFile[]; job: IncrementalJob; merge: MergeCommit; notFolded: NotFolded; rebuilt: string[] };

export interface IncrementalChoices {
  /** Read every log file again and rebuild users, songplays and time (`--rematch`). */
  rematch: boolean;
  /** Rebuild what re-delivered or removed input files feed (`--rebuild-affected`), so the lake equals a full rebuild. */
  rebuildAffected: boolean;
}

const describeFiles = (files: InputFile[]) =>
  `${files.length} ${files.length === 1 ? 'file' : 'files'} (${files.slice(0, 3).map((f) => f.path).join(', ')}${files.length > 3 ? ', …' : ''})`;

/** One line on files an incremental run could not fold in, and the ways to do so; null when there are none. */
export function notFoldedWarning(notFolded: NotFolded): string | null {
  const parts = [
    notFolded.changed.length > 0 && `${describeFiles(notFolded.changed)} re-delivered with other content (new records merged; rows they corrected or dropped stay as first read)`,
    notFolded.gone.length > 0 && `${describeFiles(notFolded.gone)} gone from the input (their rows stay in the lake)`,
  ].filter(Boolean);
  if (parts.length === 0) return null;
  return `incremental: ${parts.join('; ')}: the lake differs from a full rebuild; --rebuild-affected rebuilds the tables they feed, or run without --incremental`;
}

/**
 * What an incremental run does to each table, from what its model reads and its folder's merge mode: a table that
 * comes from the events changes with new log files (rebuilt whole with --rematch), any other only with new song
 * files; an upsert rewrites the table, an append adds rows to it.
 */
export function tableModes(pending: { songs: boolean; events: boolean; rematch: boolean }): MergeCommit['modes'] {
  const modeOf = (table: string): MergeCommit['modes'][string] => {
    const fromEvents = readsEvents(table);
    if (!(fromEvents ? pending.events : pending.songs)) return 'unchanged';
    if (fromEvents && pending.rematch) return 'overwrite';
    return tableFolder(table).incremental === 'upsert' ? 'overwrite' : 'append';
  };
  return Object.fromEntries(TABLES.map((t) => [t.name, modeOf(t.name)]));
}

/**
 * Plans an incremental run: the input files not consumed by the lake's latest committed run (new, or re-delivered
 * with other content), the tables they change, and each table at its latest version (other writers' commits
 * included), which the merge steps read. Songs and artists change only with new song files; users, songplays and
 * time only with new log files, or with `--rematch`, which reads every log file again and rebuilds them.
 * Re-delivered and removed files are named (NotFolded); `--rebuild-affected` rebuilds what they feed: every log file
 * read again (as --rematch) for log files, a full load for song files (every play is matched against the songs).
 */
export async function planIncremental(
  format: TableFormat,
  listed: InputFile[],
  choices: IncrementalChoices,
  progress: Progress = silentProgress,
  // The lake's latest manifest, when the caller read it already (its bookmark holds a line per input file).
  latest?: RunManifest | null,
): Promise<IncrementalPlan> {
  const base = latest === undefined ? await format.latestManifest() : latest;
  if (base === null) return { kind: 'full', reason: 'the lake has no run yet: a full load' };
  if (!base.bookmark) return { kind: 'full', reason: `run ${base.runId} recorded no input bookmark: a full load` };
  const changes = compareWithBookmark(listed, base.bookmark);
  const affected = (source: string) => [...changes.changed, ...changes.gone].filter((f) => f.source === source);
  if (choices.rebuildAffected && affected(SONG_FOLDER).length > 0) {
    return { kind: 'full', reason: `--rebuild-affected: ${describeFiles(affected(SONG_FOLDER))} of song_data re-delivered or removed: a full rebuild` };
  }
  const rebuildEvents = choices.rematch || (choices.rebuildAffected && affected(LOG_FOLDER).length > 0);
  const rebuilt = rebuildEvents ? [LOG_FOLDER] : [];
  const notFolded: NotFolded = {
    changed: changes.changed.filter((f) => !rebuilt.includes(f.source)),
    gone: changes.gone.filter((f) => !rebuilt.includes(f.source)),
  };
  const pending = [...changes.added, ...changes.changed];
  const songs = pending.filter((f) => f.source === SONG_FOLDER);
  const logs = rebuildEvents ? listed.filter((f) => f.source === LOG_FOLDER) : pending.filter((f) => f.source === LOG_FOLDER);
  if (songs.length === 0 && logs.length === 0) return { kind: 'nothing-new', base, notFolded };
  const rematch = rebuildEvents;

  const modes = tableModes({ songs: songs.length > 0, events: logs.length > 0, rematch });
  // Each table as readers see it now, pinned to its version: the merge reads these, the commit checks them.
  const state = await format.state();
  const baseVersions: Record<string, number> = {};
  for (const t of state.tables) {
    if (t.version === null) return { kind: 'full', reason: `the lake has no ${t.table} table: a full load` };
    // A merge keeps a table's layout; another one (SPARKIFY_LAYOUT, a new default) takes a full load to re-lay it out.
    const declared = tableByName(t.table).partitionBy;
    if (declared.join() !== t.partitionColumns.join()) {
      const by = (columns: string[]) => (columns.length ? columns.join(', ') : 'nothing');
      return { kind: 'full', reason: `${t.table} is partitioned by ${by(t.partitionColumns)} in the lake, by ${by(declared)} in the catalog: a full load lays it out anew` };
    }
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
      read: (table, files, columns) => {
        // What the merge reads of the lake: the cost of an incremental run beside the new input files.
        const bytes = files.reduce((n, f) => n + f.bytes, 0);
        const only = columns ? ` (${columns.join(', ')})` : '';
        progress.log(`lake ${table}: reading ${files.length} of ${lake[table].files.length} files, ${formatBytes(bytes)}${only}`);
        return format.readTable({ table, location: lake[table].location, files }, columns);
      },
    },
    merge: { baseRunId: base.runId, baseVersions, modes },
    notFolded,
    rebuilt,
  };
}
