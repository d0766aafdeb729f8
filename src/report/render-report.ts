import { TABLES } from '../catalog/tables';
import { formatBytes } from '../format';
import { rangeText } from '../quality/check-result';
import { checkSummaryLine } from '../quality/format-check-results';
import type { Lake } from '../table-format/open-lake';
import { collectReportData, type ReportData } from './report-data';
import { escapeHtml, scriptJson, table } from './html';
import { plotlyBundle } from './plotly-bundle';
import { guardOf } from '../catalog/guards';

const STYLE = `
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 1100px; color: #222; padding: 0 1rem; }
h1 { margin-bottom: 0.2rem; } h2 { border-bottom: 1px solid #ddd; padding-bottom: 0.3rem; margin-top: 2.5rem; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; font-size: 0.9rem; }
th, td { border: 1px solid #ddd; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #f5f5f5; } td.num, th.num { text-align: right; }
tr.fail td { background: #fde2e1; } tr.warn td { background: #fff4d6; } tr.skipped td { color: #777; }
.meta { color: #666; } .flag { background: #fff4d6; padding: 0.5rem 0.8rem; border-left: 4px solid #f0a30a; margin: 0.5rem 0; }
.chart { min-height: 360px; margin: 1rem 0; } code, pre { font-size: 0.85rem; } pre { white-space: pre-wrap; }
details { margin: 0.3rem 0 1rem; }
`;

function tablesSection(data: ReportData): string {
  const overview = table(
    ['table', 'rows', 'partitioned by', 'files', 'bytes', 'key'],
    TABLES.map((t) => {
      const skew = data.skew.find((s) => s.table === t.name)!;
      return [t.name, data.rowCounts[t.name], t.partitionBy.join(', ') || '—', skew.files, formatBytes(skew.bytes), t.key.join(', ')];
    }),
    { numeric: [1, 3] },
  );
  const schemas = TABLES.map(
    (t) =>
      `<details><summary><strong>${escapeHtml(t.name)}</strong> — ${escapeHtml(t.doc)}</summary>` +
      table(['column', 'type', 'nullable', 'description'], t.columns.map((c) => [c.name, c.type, c.nullable ? 'yes' : 'no', c.doc])) +
      '</details>',
  ).join('\n');
  return `<h2 id="tables">Tables</h2>\n${overview}\n${schemas}`;
}

function checksSection(data: ReportData): string {
  const rows = data.checks.map((c) => [
    c.status === 'fail' && c.severity === 'warn' ? 'warn' : c.status,
    c.name,
    c.severity,
    c.detail,
    c.examples.length > 0 ? c.examples.map((e) => JSON.stringify(e)).join('\n') : '',
  ]);
  const rowClass = (i: number) => {
    const c = data.checks[i];
    return c.status === 'fail' ? (c.severity === 'warn' ? 'warn' : 'fail') : c.status;
  };
  return `<h2 id="checks">Data-quality checks</h2>
<p>${escapeHtml(checkSummaryLine(data.checks))}. Declared in each table's <code>src/tables/&lt;name&gt;/&lt;name&gt;.yml</code>, with its keys and
non-nullable columns. Ranges are written as intervals, e.g. ${escapeHtml(rangeText({ min: 0, max: 23 }))}.</p>
${table(['status', 'check', 'severity', 'detail', 'examples'], rows, { rowClass })}`;
}

function quarantineSection(data: ReportData): string {
  const q = data.quarantine;
  if (q.total === 0) return `<h2 id="quarantine">Quarantine</h2>\n<p>No record was quarantined.</p>`;
  return `<h2 id="quarantine">Quarantine</h2>
<p>${q.total} record${q.total === 1 ? '' : 's'} set aside (in the run's <code>_quarantine/</code> folder).</p>
${table(['source', 'problem', 'records'], q.byReason.map((r) => [r.source, r.problem, r.count]), { numeric: [2] })}
<details><summary>First ${q.examples.length} records</summary>
${table(['source', 'file', 'line', 'reason', 'raw'], q.examples.map((r) => [r.source, r.file, r.line ?? '', r.reason, r.raw.length > 200 ? r.raw.slice(0, 200) + '…' : r.raw]))}
</details>`;
}

function chartDivs(charts: { id: string }[]): string {
  return charts.map((c) => `<div class="chart" id="${escapeHtml(c.id)}"></div>`).join('\n');
}

function skewSection(data: ReportData): string {
  const flags = data.skew.flatMap((t) => t.flags);
  const flagHtml =
    flags.length === 0
      ? '<p>No partitioning flagged.</p>'
      : flags.map((f) => `<div class="flag"><strong>${escapeHtml(f.kind)}</strong>: ${escapeHtml(f.message)}<br>Suggestion: ${escapeHtml(f.suggestion)}</div>`).join('\n');
  const rows = data.skew.map((t) => [
    t.table,
    t.partitionBy.join(', ') || '—',
    t.partitions,
    t.partitionBy.length ? `${t.rowsPerPartition.min} / ${t.rowsPerPartition.median} / ${t.rowsPerPartition.max}` : '—',
    `${formatBytes(t.fileBytes.min)} / ${formatBytes(Math.round(t.fileBytes.median))} / ${formatBytes(t.fileBytes.max)}`,
    t.candidates.map((c) => `${c.column}: ${c.distinct}`).join(', '),
  ]);
  return `<h2 id="skew">Partitioning and skew</h2>
${flagHtml}
${table(['table', 'partitioned by', 'partitions', 'rows per partition (min / median / max)', 'file size (min / median / max)', 'distinct values'], rows, { numeric: [2] })}
${chartDivs(data.skewCharts)}`;
}

function volumeSection(data: ReportData): string {
  const guard = guardOf('volume-band');
  const { days, from, runs } = data.volume;
  const judged = days.filter((d) => d.verdict !== '');
  const outside = judged.filter((d) => d.verdict === 'low' || d.verdict === 'high');
  const source = from === 'manifest' ? 'as the latest run manifest counts them' : 'counted from songplays (the latest run manifest has no day counts)';
  const verdict =
    judged.length === 0
      ? `No day has ${guard.minTrailingDays} trailing days yet: none is judged.`
      : outside.length === 0
        ? `All ${judged.length} judged days lie within their band.`
        : `${outside.length} of ${judged.length} judged days lie outside their band:`;
  const list = outside.length === 0 ? '' : table(['day', 'plays', 'band', 'trailing median'], outside.map((d) => [d.day, d.plays, `[${d.low}, ${d.high}]`, d.median]), { numeric: [1, 3] });
  return `<h2 id="volume">Volume</h2>
<p>Plays per UTC day (${days.length} days, ${source}). The volume guard warns when a day a run adds falls outside
${guard.low}× to ${guard.high}× the median of the up to ${guard.trailingDays} days before it (judged from ${guard.minTrailingDays}
trailing days on; see <code>src/catalog/guards.ts</code>). ${escapeHtml(verdict)}</p>
${list}
${chartDivs(data.volumeCharts.slice(0, 1))}
<p>The ${runs.length} kept run${runs.length === 1 ? '' : 's'}, oldest first: the plays each loaded and the records it quarantined.</p>
${chartDivs(data.volumeCharts.slice(1))}`;
}

/** The report as one HTML document: data, Plotly and the drawing code inline, nothing fetched. */
export function renderReport(data: ReportData): string {
  const charts = [...data.volumeCharts, ...data.skewCharts, ...data.analyticsCharts];
  const run = data.manifest
    ? `run ${escapeHtml(data.manifest.runId)} on the ${escapeHtml(data.manifest.engine)} engine, finished ${escapeHtml(data.manifest.finishedAt)}`
    : 'no run manifest (a lake written before manifests existed)';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sparkify lake report</title>
<style>${STYLE}</style>
<script>${plotlyBundle()}</script>
</head>
<body>
<h1>Sparkify lake report</h1>
<p class="meta">${escapeHtml(data.output)} — ${run}; report generated ${escapeHtml(data.generatedAt)}.</p>
${tablesSection(data)}
${checksSection(data)}
${quarantineSection(data)}
${volumeSection(data)}
${skewSection(data)}
<h2 id="analytics">Listening</h2>
${chartDivs(data.analyticsCharts)}
<script type="application/json" id="figures">${scriptJson(charts.map((c) => ({ id: c.id, ...c.figure })))}</script>
<script>
for (const figure of JSON.parse(document.getElementById('figures').textContent)) {
  Plotly.newPlot(figure.id, figure.data, figure.layout, { displaylogo: false, displayModeBar: false, responsive: true });
}
</script>
</body>
</html>
`;
}

export async function buildReport(output: Lake | string): Promise<string> {
  return renderReport(await collectReportData(output));
}
