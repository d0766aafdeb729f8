import { optionalNumber, requiredString, type Command } from '../../core/command';
import { UserError } from '../../errors';
import { formatBytes } from '../../format';
import { lakeStatus, type LakeStatus } from '../../lake/lake-status';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The status as people read it: the runs newest first (what each read), table versions, then what is pending. */
export function formatLakeStatus(status: LakeStatus, filesShown: number): string {
  const lines: string[] = [`${status.lake}: ${plural(status.runs.length, 'kept run')}`];
  const { state } = status;
  if (state.unfinished) {
    const done = state.unfinished.committed.length ? `committed ${state.unfinished.committed.join(', ')}` : 'committed no table yet';
    lines.push(`unfinished: run ${state.unfinished.runId} stopped during its commits (${done}); sparkify repair or the next sparkify etl ends it`);
  }
  if (state.torn) lines.push(`torn star: ${state.torn}`);
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
  const pending = status.pending;
  if (pending) {
    lines.push('');
    if (!pending.bookmarked) lines.push(`pending in ${pending.input}: all ${plural(pending.listed, 'file')} (the lake has no bookmark: the next --incremental run is a full load)`);
    else if (pending.files.length === 0) lines.push(`pending in ${pending.input}: nothing (${plural(pending.listed, 'file')} listed, all consumed)`);
    else {
      lines.push(`pending in ${pending.input}: ${plural(pending.files.length, 'file')} of ${pending.listed} new or changed`);
      for (const f of pending.files.slice(0, filesShown)) lines.push(`  ${f.path}  ${formatBytes(f.size)}`);
      if (pending.files.length > filesShown) lines.push(`  … ${pending.files.length - filesShown} more`);
    }
  }
  return lines.join('\n');
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
    const lake = requiredString(values, 'output');
    const files = optionalNumber(values, 'files') ?? 10;
    if (!Number.isInteger(files) || files < 0) throw new UserError(`--files must be a whole number, got ${files}`);
    const status = await lakeStatus(lake, typeof values.input === 'string' ? values.input : undefined);
    if (status.runs.length === 0 && status.tables.every((t) => t.version === null)) {
      throw new UserError(`${lake} has no committed run; point --output at a lake written by sparkify etl`);
    }
    process.stdout.write((values.json ? JSON.stringify(status, null, 2) : formatLakeStatus(status, files)) + '\n');
    return 0;
  },
};
