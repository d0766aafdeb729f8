import type { SkippedFile } from '../ingest/source-files';
import type { SkippedInputs } from './run-manifest';

/** Files not read that a manifest lists by name, per source (the rest are counted). */
export const MAX_SKIPPED_LISTED = 100;
/** Paths a warning names. */
const FIRST_PATHS = 3;
/** Distinct extensions of files not read that a manifest keeps. */
const MAX_EXTENSIONS = 10;

/** The order counts are shown and recorded in: what needs a look first, hidden names (Hadoop's rule) last. */
const KINDS = ['not a data file', 'empty', 'symlink outside the input', 'symlink loop', 'broken symlink', 'hidden'];

/** A link the listing did not follow (out of the input, round a loop, to nothing). */
const isLink = (reason: string) => reason.includes('symlink');

/** A reason's kind, what files are counted by: `not a data file (.txt)` → `not a data file`. */
export function reasonKind(reason: string): string {
  return reason.replace(/ \(.*\)$/, '');
}

/** One source's files not read, as a manifest records them; null when every file below it is read. */
export function skippedInputs(source: string, skipped: SkippedFile[]): SkippedInputs | null {
  if (skipped.length === 0) return null;
  const byReason: Record<string, number> = {};
  const extensions = new Set<string>();
  for (const f of skipped) {
    const kind = reasonKind(f.reason);
    byReason[kind] = (byReason[kind] ?? 0) + 1;
    if (kind !== f.reason && extensions.size < MAX_EXTENSIONS) extensions.add(f.reason.slice(kind.length + 2, -1));
  }
  const order = (kind: string) => (KINDS.indexOf(kind) + KINDS.length + 1) % (KINDS.length + 1);
  return {
    source,
    total: skipped.length,
    byReason: Object.fromEntries(Object.entries(byReason).sort(([a], [b]) => order(a) - order(b))),
    ...(extensions.size > 0 ? { extensions: [...extensions].sort() } : {}),
    // Links not followed are rare and what a reader looks for: listed whatever their place.
    files: [...skipped.filter((f) => isLink(f.reason)), ...skipped.filter((f) => !isLink(f.reason))]
      .slice(0, MAX_SKIPPED_LISTED)
      .sort((a, b) => (a.relPath < b.relPath ? -1 : a.relPath > b.relPath ? 1 : 0))
      .map((f) => ({ path: f.relPath, size: f.size, reason: f.reason })),
  };
}

const PLURALS: Record<string, string> = {
  'not a data file': 'not data files',
  'symlink outside the input': 'symlinks outside the input',
  'symlink loop': 'symlink loops',
  'broken symlink': 'broken symlinks',
};

/** `2 not data files (.csv, .txt)`, `1 empty`, `3 hidden`: the counts by kind. */
function counts(s: SkippedInputs): string[] {
  return Object.keys(s.byReason).map((kind) => {
    const n = s.byReason[kind];
    const label = n === 1 ? kind : (PLURALS[kind] ?? kind);
    return `${n} ${label}${kind === 'not a data file' && s.extensions ? ` (${s.extensions.join(', ')})` : ''}`;
  });
}

/**
 * The one warning line of a source with files not read (links not followed named first), e.g. `log_data: 3 files not read: 2 not data files (.csv,
 * .txt), 1 empty — first: log_data/README.txt, …`. Null when nothing or only hidden names (`_SUCCESS`, `.DS_Store`)
 * were left: those are Hadoop's rule, counted in the manifest and the summary but no cause for a warning.
 */
export function skippedWarning(s: SkippedInputs): string | null {
  const hidden = s.byReason.hidden ?? 0;
  if (s.total === hidden) return null;
  const named = s.files.filter((f) => f.reason !== 'hidden');
  const first = [...named.filter((f) => isLink(f.reason)), ...named.filter((f) => !isLink(f.reason))].slice(0, FIRST_PATHS).map((f) => f.path);
  const more = s.total - hidden > first.length ? ', …' : '';
  return `${s.source}: ${s.total} file${s.total === 1 ? '' : 's'} not read: ${counts(s).join(', ')} — first: ${first.join(', ')}${more}`;
}

/** The summary's short line of files not read, e.g. `not read: log_data 3 files (2 not data files, 1 empty); song_data 2 hidden`. */
export function skippedSummaryLine(skipped: SkippedInputs[]): string | null {
  if (skipped.length === 0) return null;
  const perSource = skipped.map((s) => {
    const kinds = Object.entries(s.byReason).map(([kind, n]) => `${n} ${n === 1 ? kind : (PLURALS[kind] ?? kind)}`);
    return kinds.length === 1 ? `${s.source} ${kinds[0]}` : `${s.source} ${s.total} files (${kinds.join(', ')})`;
  });
  return `files not read: ${perSource.join('; ')}${skipped.some((s) => s.total > (s.byReason.hidden ?? 0)) ? ' (see the run manifest)' : ''}`;
}
