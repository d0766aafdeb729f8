import type { EtlSummary } from './etl';
import { formatBytes } from '../format';
import { checkSummaryLine } from '../quality/format-check-results';
import { skippedSummaryLine } from '../lake-log/skipped-inputs';

/** The per-table summary printed at the end of a run. */
export function formatEtlSummary(summary: EtlSummary): string {
  const inc = summary.incremental;
  const notRead = skippedSummaryLine(summary.skipped ?? []);
  const notFolded = inc?.notFolded ? [`warning: ${inc.notFolded.warning}`] : [];
  if (inc?.nothingNew) {
    return [
      `nothing new since run ${inc.baseRunId}: ${inc.read.map((r) => `${r.listed} ${r.source} files listed, none new or changed`).join('; ')}; nothing committed`,
      ...notFolded,
      ...(notRead ? [notRead] : []),
    ].join('\n');
  }
  const rows = summary.tables.map((t) => [t.table, String(t.rows), String(t.partitions), String(t.files), formatBytes(t.bytes)]);
  const header = ['table', 'rows', 'partitions', 'files', 'bytes'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  const sources = summary.sources
    .map((s) => `${s.source}: ${s.files} files, ${formatBytes(s.bytes)}, ${s.records} records loaded, ${s.quarantined} quarantined`)
    .join('\n');
  const incremental = !inc
    ? []
    : inc.fullLoad
      ? [`incremental: ${inc.fullLoad}`]
      : [
          `incremental over run ${inc.baseRunId}: read ${inc.read.map((r) => `${r.files} of ${r.listed} ${r.source} files`).join(', ')}`,
          `tables: ${Object.entries(inc.modes).map(([table, mode]) => `${table} ${mode === 'overwrite' ? 'rewritten' : mode === 'append' ? 'appended to' : 'unchanged'}`).join(', ')} (rows below: what this run wrote)`,
        ];
  const drift = (summary.drift ?? []).map(
    (d) =>
      `warning: ${d.source} field ${d.field} ${d.kind === 'undeclared' ? 'is not declared (dropped)' : 'is declared but missing'}: ${d.records} records in ${d.files} files, first ${d.firstFile}${d.firstLine === null ? '' : ` line ${d.firstLine}`}`,
  );
  return [
    ...incremental,
    ...notFolded,
    sources,
    ...(notRead ? [notRead] : []),
    ...drift,
    '',
    line(header),
    ...rows.map(line),
    '',
    `quarantined records: ${summary.quarantined}${summary.quarantined > 0 ? ' (see _quarantine/ in the output)' : ''}`,
    checkSummaryLine(summary.checks),
    `engine ${summary.engine}, run ${summary.runId}, ${summary.seconds.toFixed(2)} s`,
  ].join('\n');
}
