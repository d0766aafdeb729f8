import type { EtlSummary } from './etl';
import { formatBytes } from '../format';
import { checkSummaryLine } from '../quality/format-check-results';

/** The per-table summary printed at the end of a run. */
export function formatEtlSummary(summary: EtlSummary): string {
  const rows = summary.tables.map((t) => [t.table, String(t.rows), String(t.partitions), String(t.files), formatBytes(t.bytes)]);
  const header = ['table', 'rows', 'partitions', 'files', 'bytes'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  const sources = summary.sources
    .map((s) => `${s.source}: ${s.files} files, ${formatBytes(s.bytes)}, ${s.records} records loaded, ${s.quarantined} quarantined`)
    .join('\n');
  return [
    sources,
    '',
    line(header),
    ...rows.map(line),
    '',
    `quarantined records: ${summary.quarantined}${summary.quarantined > 0 ? ' (see _quarantine/ in the output)' : ''}`,
    checkSummaryLine(summary.checks),
    `engine ${summary.engine}, run ${summary.runId}, ${summary.seconds.toFixed(2)} s`,
  ].join('\n');
}
