import { lakeToRead } from '../lake-option';
import type { Command } from '../../core/command';
import { optionalNumber } from '../../core/options';
import { UserError } from '../../errors';
import { dollars, formatBytes } from '../../format';
import { lakeStatus, type LakeStatus, type RunStatus } from '../../lake/lake-status';
import { textTable } from '../../notebooks/text-table';
import type { RunCost } from '../../core/run-contract';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The status as people read it: the runs newest first (what each read), table versions, then what is pending. */
export function formatLakeStatus(status: LakeStatus, filesShown: number): string {
  const lines: string[] = [`lake at ${status.lake}: ${plural(status.runs.length, 'kept run')}`];
  const { state } = status;
  if (state.unfinished) {
    const done = state.unfinished.committed.length ? `committed ${state.unfinished.committed.join(', ')}` : 'committed no table yet';
    lines.push(`unfinished: run ${state.unfinished.runId} stopped during its commits (${done}); sparkify repair or the next sparkify etl ends it`);
  }
  if (state.torn) lines.push(`torn star: ${state.torn}`);
  if (status.runs.length > 0) {
    const shown = status.runs.slice(0, HISTORY_RUNS);
    lines.push('', `last ${plural(shown.length, 'run')}, newest first (records loaded / quarantined per source; songplays as the run left it):`);
    lines.push(...historyTable(shown).split('\n').map((l) => `  ${l}`));
    if (status.runs.length > shown.length) lines.push(`  … ${status.runs.length - shown.length} older (details below)`);
  }
  for (const run of status.runs) {
    const how = run.mode === 'incremental' ? `incremental over ${run.baseRunId}` : 'full';
    lines.push('', `run ${run.runId} (${how}, ${run.engine} engine, finished ${run.finishedAt})`);
    lines.push(`  versions: ${Object.entries(run.versions).map(([t, v]) => `${t} v${v}`).join(', ')}`);
    lines.push(`  rows written: ${Object.entries(run.rows).map(([t, n]) => `${t} ${n}`).join(', ') || 'none'}`);
    if (run.read === null) lines.push('  read: not recorded (a run from before runs recorded their input files)');
    else {
      const bySource = ['song_data', 'log_data'].map((s) => `${run.read!.filter((f) => f.source === s).length} ${s}`);
      lines.push(`  read ${plural(run.read.length, 'file')} (${bySource.join(', ')}) from ${run.input}`);
      for (const f of run.read.slice(0, filesShown)) lines.push(`    ${f.path}  ${formatBytes(f.size)}`);
      if (run.read.length > filesShown) lines.push(`    … ${run.read.length - filesShown} more (--files N shows more)`);
    }
    if (run.cost) lines.push(...costLines(run.cost));
    for (const d of run.drift) {
      const what = d.kind === 'undeclared' ? 'not declared' : 'declared but missing';
      lines.push(`  drift: ${d.source}.${d.field} ${what}: ${d.records} records in ${plural(d.files, 'file')}, first ${d.firstFile}${d.firstLine === null ? '' : ` line ${d.firstLine}`}`);
    }
  }
  lines.push('', 'tables (latest Delta version, the kit run it holds, other writers since):');
  for (const t of status.tables) {
    if (t.version === null) {
      lines.push(`  ${t.table} (no table)`);
      continue;
    }
    lines.push(`  ${t.table} v${t.version}: run ${t.runId ?? '(none)'}`);
    for (const f of t.foreign) lines.push(`    v${f.version} ${f.operation} by ${f.writer}`);
  }
  if (status.freshness) {
    lines.push('', 'freshness (songplays, time: newest start_time from the Delta file statistics; others: when their latest version was committed):');
    const now = Date.now();
    for (const f of status.freshness) {
      if (f.version === null) continue;
      const age = f.newest === null ? '' : ` (${ageText(now - Date.parse(f.newest))})`;
      const what = f.measure === 'latest commit' ? `committed v${f.version}` : `newest start_time`;
      lines.push(`  ${f.table.padEnd(9)} ${what} ${f.newest ?? 'unknown (files without statistics)'}${age}`);
    }
  }
  const pending = status.pending;
  if (pending) {
    lines.push('');
    if (!pending.bookmarked) lines.push(`pending in ${pending.input}: all ${plural(pending.listed, 'file')} (the lake has no bookmark: the next --incremental run is a full load)`);
    else if (pending.files.length === 0 && pending.gone.length === 0) lines.push(`pending in ${pending.input}: nothing (${plural(pending.listed, 'file')} listed, all consumed)`);
    else {
      const changed = new Set(pending.changed.map((f) => f.path));
      lines.push(`pending in ${pending.input}: ${plural(pending.files.length - changed.size, 'new file')}, ${changed.size} re-delivered with other content, of ${pending.listed} listed`);
      for (const f of pending.files.slice(0, filesShown)) lines.push(`  ${f.path}  ${formatBytes(f.size)}${changed.has(f.path) ? '  (changed since it was read)' : ''}`);
      if (pending.files.length > filesShown) lines.push(`  … ${pending.files.length - filesShown} more`);
      if (pending.gone.length > 0) {
        lines.push(`gone from ${pending.input}: ${plural(pending.gone.length, 'file')} the lake read (its rows stay until etl --incremental --rebuild-affected or a full run)`);
        for (const f of pending.gone.slice(0, filesShown)) lines.push(`  ${f.path}`);
        if (pending.gone.length > filesShown) lines.push(`  … ${pending.gone.length - filesShown} more`);
      }
      if (changed.size > 0) lines.push('re-delivered files: etl --incremental merges their new records; --rebuild-affected also applies what they corrected or dropped');
    }
  }
  return lines.join('\n');
}

/** How many runs the history table shows. */
const HISTORY_RUNS = 10;

/** The last runs as a text table: one row per run. */
function historyTable(runs: RunStatus[]): string {
  const sources = [...new Set(runs.flatMap((r) => r.sources.map((s) => s.source)))];
  const rows = runs.map((r) => {
    const guards = [
      r.guardsWarned.length > 0 ? `warned: ${r.guardsWarned.map((g) => g.replace(/^guard /, '')).join(', ')}` : '',
      r.overrides.length > 0 ? `overridden: ${r.overrides.map((o) => `--${o}`).join(', ')}` : '',
    ].filter(Boolean);
    return {
      run: r.runId,
      mode: r.mode,
      finished: r.finishedAt.replace(/\.\d+Z$/, 'Z'),
      ...Object.fromEntries(
        sources.map((name) => {
          const s = r.sources.find((x) => x.source === name);
          return [name, s ? `${s.records} / ${s.quarantined}` : '—'];
        }),
      ),
      songplays: r.songplays === null ? '?' : String(r.songplays),
      'newest play': r.newestPlayDay ?? '?',
      guards: guards.join('; ') || '—',
      // A column only when a shown run has a cost: the table of runs on the free engines stays as it was.
      ...(runs.some((x) => x.cost) ? { 'cost est. / measured': costCell(r.cost) } : {}),
    };
  });
  return textTable(rows);
}

/** `$0.19 / $0.21`: the estimate and the measured cost of a run, `—` for what it does not have. */
function costCell(cost: RunCost | undefined): string {
  if (!cost) return '—';
  return `${cost.estimate ? dollars(cost.estimate.dollars) : '—'} / ${cost.measured ? dollars(cost.measured.dollars) : '—'}`;
}

/** A run's cost in its details: the estimate with what it rests on, the measured cost with the figures behind it. */
function costLines(cost: RunCost): string[] {
  const lines: string[] = [];
  if (cost.estimate) lines.push(`  cost estimated: ${dollars(cost.estimate.dollars)} for ${cost.estimate.minutes.toFixed(1)} min (${cost.estimate.basis})`);
  const m = cost.measured;
  if (m) {
    const figures = [
      m.instanceHours !== undefined ? `${m.instanceHours.toFixed(2)} instance-hours` : '',
      m.vcpuHours !== undefined ? `${m.vcpuHours.toFixed(3)} vCPU-hours` : '',
      m.memoryGbHours !== undefined ? `${m.memoryGbHours.toFixed(3)} memory GB-hours` : '',
      m.storageGbHours ? `${m.storageGbHours.toFixed(3)} storage GB-hours` : '',
      m.durationSeconds !== undefined ? `over ${(m.durationSeconds / 60).toFixed(1)} min` : '',
    ].filter(Boolean);
    lines.push(`  cost measured: ${dollars(m.dollars)}${figures.length ? `: ${figures.join(', ')}` : ''} (${m.source})`);
  }
  return lines;
}

/** "3 days ago", "in 2 hours": how far a time is from now. */
function ageText(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < 60_000) return 'just now';
  const [n, unit] = abs >= 86_400_000 ? [Math.floor(abs / 86_400_000), 'day'] : abs >= 3_600_000 ? [Math.floor(abs / 3_600_000), 'hour'] : [Math.floor(abs / 60_000), 'minute'];
  return ms >= 0 ? `${plural(n, unit)} ago` : `in ${plural(n, unit)}`;
}

export const statusCommand: Command = {
  name: 'status',
  usage: `status --output LAKE [--input DIR|s3://…] [--files N] [--json]
            the kept runs (full or incremental, the input files each read, schema drift), table versions, and with
            --input the files the lake has not consumed yet (what the next --incremental run reads)`,
  options: {
    output: { type: 'string' },
    input: { type: 'string' },
    files: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(values) {
    const lake = await lakeToRead(values);
    const files = optionalNumber(values, 'files') ?? 10;
    if (!Number.isInteger(files) || files < 0) throw new UserError(`--files must be a whole number, got ${files}`);
    const status = await lakeStatus(lake, typeof values.input === 'string' ? values.input : undefined);
    if (status.runs.length === 0 && status.tables.every((t) => t.version === null)) {
      throw new UserError(`${lake.location} has no committed run; point --output at a lake written by sparkify etl`);
    }
    process.stdout.write((values.json ? JSON.stringify(status, null, 2) : formatLakeStatus(status, files)) + '\n');
    return 0;
  },
};
