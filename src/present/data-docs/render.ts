import { checksOf } from '../../catalog/checks';
import { GUARDS, type GuardDef } from '../../catalog/guards';
import { SOURCES } from '../../catalog/sources';
import { TABLES } from '../../catalog/tables';
import type { CheckDef, RawFieldDef, SourceDef, TableDef } from '../../catalog/types';
import { rangeText, type CheckResult } from '../../quality/check-result';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../../project-root';
import { escapeHtml } from '../output-html';
import type { LakeRuns, RunDocs } from './lake-runs';
import { downstreamOf, upstreamOf, type Lineage, type LineageNode } from './lineage';
import { lineageSvg, nodeAnchor } from './lineage-svg';

/** What the runs section shows: the lake's runs, or why there are none. */
export type LakeSection =
  | { kind: 'runs'; runs: LakeRuns }
  | { kind: 'none'; location: string }
  | { kind: 'error'; location: string; message: string };

export interface DataDocs {
  lineage: Lineage;
  lake: LakeSection;
  generatedAt: Date;
}

const esc = (value: unknown): string => escapeHtml(String(value));
const code = (value: unknown): string => `<code>${esc(value)}</code>`;
/** A lake's location as the page shows it: relative to the repository when inside it (no machine's folders on a page
 *  a team passes around), else as given (an s3:// URI, a folder the user named). */
const shown = (location: string): string => {
  const relative = path.relative(PROJECT_ROOT, path.resolve(location));
  return /^[a-z0-9]+:\/\//i.test(location) || relative.startsWith('..') || path.isAbsolute(relative) ? location : relative;
};
const num = (n: number): string => n.toLocaleString('en-US');

/** A table with a header row; cells are HTML (escape text before). */
function table(head: string[], rows: string[][], options: { numeric?: number[]; rowClass?: (i: number) => string; className?: string } = {}): string {
  const cls = (i: number) => (options.numeric?.includes(i) ? ' class="num"' : '');
  const header = head.map((h, i) => `<th${cls(i)}>${h}</th>`).join('');
  const body = rows
    .map((r, ri) => {
      const rc = options.rowClass?.(ri);
      return `<tr${rc ? ` class="${rc}"` : ''}>${r.map((c, i) => `<td${cls(i)}>${c}</td>`).join('')}</tr>`;
    })
    .join('\n');
  return `<table${options.className ? ` class="${options.className}"` : ''}><thead><tr>${header}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/** A relation's name as a link to its section. */
function relationLink(lineage: Lineage, name: string): string {
  const node = lineage.nodes.find((n) => n.name === name);
  return node ? `<a href="#${esc(nodeAnchor(node))}">${code(name)}</a>` : code(name);
}

function relationsLine(lineage: Lineage, name: string): string {
  const list = (names: string[]) => (names.length === 0 ? '—' : names.map((n) => relationLink(lineage, n)).join(', '));
  // A raw source reads nothing: say only what reads it.
  const reads = upstreamOf(lineage, name);
  return `${reads.length ? `<span>reads ${list(reads)}</span>` : ''}<span>read by ${list(downstreamOf(lineage, name))}</span>`;
}

const sqlDetails = (node: LineageNode | undefined, label: string): string =>
  node?.sql ? `<details><summary>${esc(label)}</summary><pre class="sql">${esc(node.sql.trim())}</pre></details>` : '';

function checkRule(check: CheckDef): { columns: string; rule: string } {
  switch (check.kind) {
    case 'unique':
      return { columns: check.columns.map(code).join(', '), rule: 'no two rows share it' };
    case 'not_null':
      return { columns: code(check.column), rule: 'never null' };
    case 'relationships':
      return { columns: code(check.column), rule: `present in <a href="#table-${esc(check.to.table)}">${code(`${check.to.table}.${check.to.column}`)}</a>` };
    case 'accepted_values':
      return { columns: code(check.column), rule: `one of ${check.values.map(code).join(', ')}` };
    case 'range':
      return { columns: code(check.column), rule: `within ${code(rangeText(check))}` };
    case 'reconciliation':
      return { columns: '(rows)', rule: `row count equals the run's ${code(check.against)} count` };
  }
}

function tableSection(t: TableDef, lineage: Lineage): string {
  const roles = (column: string) =>
    [
      t.key.includes(column) ? '<span class="badge key">key</span>' : '',
      t.partitionBy.includes(column) ? `<span class="badge part">partition ${t.partitionBy.indexOf(column) + 1}</span>` : '',
    ].join(' ');
  const columns = table(
    ['column', 'type', 'null', 'role', 'description'],
    t.columns.map((c) => [code(c.name), esc(c.type), c.nullable ? 'yes' : 'no', roles(c.name), esc(c.doc)]),
    { className: 'columns' },
  );
  const checks = table(
    ['check', 'column', 'rule', 'severity'],
    checksOf(t).map((c) => {
      const { columns: cols, rule } = checkRule(c);
      return [esc(c.kind), cols, c.doc ? `${rule}<br><span class="meta">${esc(c.doc)}</span>` : rule, esc(c.severity ?? 'error')];
    }),
    { className: 'checks' },
  );
  const facts = [
    `<span>key ${t.key.map(code).join(', ')}</span>`,
    `<span>partitioned by ${t.partitionBy.length ? t.partitionBy.map(code).join(' / ') : 'nothing'}</span>`,
    `<span>sorted by ${t.sortBy.map(code).join(', ')}</span>`,
    `<span>model ${code(`src/tables/${t.name}/${t.model}.sql`)}</span>`,
  ];
  return `<section class="entity" id="table-${esc(t.name)}">
<h3>${esc(t.name)}</h3>
<p>${esc(t.doc)}</p>
<p class="facts">${facts.join('')}</p>
<p class="facts">${relationsLine(lineage, t.name)}</p>
${columns}
<h4>Checks (${checksOf(t).length})</h4>
${checks}
${sqlDetails(lineage.nodes.find((n) => n.name === t.model), `SQL of ${t.model}`)}
</section>`;
}

function fieldRules(field: RawFieldDef): string {
  const rules: string[] = [];
  if (field.pattern !== undefined) rules.push(`matches ${code(field.pattern)}`);
  if (field.minimum !== undefined && field.maximum !== undefined) rules.push(`within ${code(`[${field.minimum}, ${field.maximum}]`)}`);
  else if (field.minimum !== undefined) rules.push(`≥ ${code(field.minimum)}`);
  else if (field.maximum !== undefined) rules.push(`≤ ${code(field.maximum)}`);
  if (field.requiredWhen) rules.push(`required when ${code(field.requiredWhen.field)} = ${code(field.requiredWhen.equals)}`);
  return rules.join('; ');
}

function sourceSection(s: SourceDef, lineage: Lineage): string {
  const fields = table(
    ['field', 'type', 'required', 'rules', 'description'],
    s.fields.map((f) => [code(f.name), esc(f.type), f.required ? 'yes' : 'no', fieldRules(f), esc(f.doc)]),
    { className: 'columns' },
  );
  return `<section class="entity" id="source-${esc(s.name)}">
<h3>${esc(s.name)}</h3>
<p>${esc(s.doc)}</p>
<p class="facts"><span>folder ${code(`${s.folder}/`)}</span>${relationsLine(lineage, s.name)}</p>
${fields}
</section>`;
}

function modelSection(node: LineageNode, lineage: Lineage): string {
  // The model's own header comment says what it is: "-- stg_songs: the song metadata, typed and cleaned; …".
  const header = /^--\s*(.*)$/m.exec(node.sql)?.[1]?.replace(new RegExp(`^${node.name}:\\s*`), '') ?? '';
  return `<section class="entity" id="model-${esc(node.name)}">
<h3>${esc(node.name)}</h3>
${header ? `<p>${esc(header)}</p>` : ''}
<p class="facts"><span>${node.layer} model ${code(`src/models/${node.layer}/${node.name}.sql`)}</span>${relationsLine(lineage, node.name)}</p>
${sqlDetails(node, `SQL of ${node.name}`)}
</section>`;
}

/** A guard's thresholds: every field of its declaration but the common ones. */
function thresholds(guard: GuardDef): string {
  const entries = Object.entries(guard).filter(([k]) => !['kind', 'severity', 'override', 'doc'].includes(k));
  return entries.length === 0 ? '—' : entries.map(([k, v]) => code(`${k} = ${v}`)).join(' ');
}

function guardsSection(): string {
  return `<section id="guards"><h2>Guards</h2>
<p>Before any commit, a run is compared with the lake it would replace (<code>src/catalog/guards.ts</code>). An
<em>error</em> guard stops the run unless its flag is given; a <em>warn</em> guard is reported. The run manifest
records every override used.</p>
${table(
  ['guard', 'severity', 'thresholds', 'override', 'why'],
  GUARDS.map((g) => [code(g.kind), esc(g.severity), thresholds(g), code(`--${g.override}`), esc(g.doc)]),
  { className: 'guards' },
)}
</section>`;
}

const when = (iso: string) => esc(iso.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC'));

function listOr(names: string[], none: string): string {
  return names.length === 0 ? none : names.map(code).join(', ');
}

function runRow(run: RunDocs): string[] {
  const s = run.status;
  const guards = [
    `${run.guards.passed} passed`,
    run.guards.warned.length ? `warned: ${listOr(run.guards.warned, '')}` : '',
    run.guards.failed.length ? `failed: ${listOr(run.guards.failed, '')}` : '',
    run.guards.overridden.length ? `overridden: ${run.guards.overridden.map((o) => code(`--${o}`)).join(', ')}` : '',
  ].filter(Boolean);
  const checks = [
    `${run.checks.passed} passed, ${run.checks.failed.length} failed`,
    run.checks.failed.length ? `failed: ${listOr(run.checks.failed, '')}` : '',
    run.checks.warned.length ? `warned: ${listOr(run.checks.warned, '')}` : '',
    run.checks.skipped ? `${run.checks.skipped} skipped` : '',
  ].filter(Boolean);
  return [
    `<a href="#run-${esc(s.runId)}">${code(s.runId)}</a>`,
    `${esc(s.mode)}<br><span class="meta">${esc(s.engine)}</span>`,
    when(s.finishedAt),
    ...TABLES.map((t) => (s.rows[t.name] === undefined ? '—' : num(s.rows[t.name]))),
    guards.join('<br>'),
    checks.join('<br>'),
  ];
}

function resultRows(results: CheckResult[]): string {
  const statusOf = (r: CheckResult) => (r.status === 'fail' && r.severity === 'warn' ? 'warn' : r.status);
  // Failures first, then warnings: what a reader came for.
  const order = { fail: 0, warn: 1, skipped: 2, pass: 3 };
  const sorted = [...results].sort((a, b) => order[statusOf(a)] - order[statusOf(b)]);
  return table(
    ['status', 'check', 'severity', 'detail'],
    sorted.map((r) => [esc(statusOf(r)), code(r.name), esc(r.severity), esc(r.detail)]),
    { rowClass: (i) => statusOf(sorted[i]), className: 'results' },
  );
}

function runsSection(lake: LakeSection): string {
  const intro = `<section id="runs"><h2>Last runs</h2>`;
  if (lake.kind === 'none') {
    return `${intro}
<p class="flag">No lake at ${code(shown(lake.location))}, so no runs to show. Build one with
<code>npx sparkify etl --input data/sample --output lake</code> and run <code>npm run present</code> again, or point
at another lake with <code>npm run present -- --lake PATH</code>.</p></section>`;
  }
  if (lake.kind === 'error') {
    return `${intro}\n<p class="flag">The lake at ${code(shown(lake.location))} could not be read: ${esc(lake.message)}</p></section>`;
  }
  const { runs, total, lake: location } = lake.runs;
  if (runs.length === 0) return `${intro}\n<p class="flag">The lake at ${code(shown(location))} holds no run manifest yet.</p></section>`;
  const summary = table(
    ['run', 'mode', 'finished', ...TABLES.map((t) => esc(t.name)), 'guards', 'checks'],
    runs.map(runRow),
    { numeric: TABLES.map((_, i) => 3 + i), className: 'runs' },
  );
  const details = runs
    .map(
      (run, i) =>
        `<details id="run-${esc(run.status.runId)}"${i === 0 ? ' open' : ''}><summary>Guards and checks of ${code(run.status.runId)} ` +
        `(${run.results.length})</summary>\n${resultRows(run.results)}\n</details>`,
    )
    .join('\n');
  return `${intro}
<p>From ${code(shown(location))}: ${runs.length === total ? `its ${total} run${total === 1 ? '' : 's'}` : `the newest ${runs.length} of its ${total} runs`}, newest
first, as <code>sparkify status</code> reads them. Rows are what each table received (an incremental run: rows appended
or merged).</p>
${summary}
${details}
</section>`;
}

const STYLE = `
* { box-sizing: border-box; }
html { scroll-padding-top: 12px; }
body { font-family: system-ui, sans-serif; margin: 0; color: #222; font-size: 15px; line-height: 1.45; }
nav { position: fixed; top: 0; bottom: 0; left: 0; width: 200px; overflow-y: auto; background: #f7f7f7;
  border-right: 1px solid #ddd; padding: 16px 14px; font-size: 14px; }
nav .brand { font-weight: 700; font-size: 16px; margin-bottom: 12px; }
nav .group { color: #777; text-transform: uppercase; font-size: 11px; letter-spacing: 0.05em; margin: 14px 0 4px; }
nav a { display: block; color: #1a5fa8; text-decoration: none; padding: 2px 0; }
nav a:hover { text-decoration: underline; }
nav a.sub { padding-left: 10px; font-family: 'DejaVu Sans Mono', Menlo, Consolas, monospace; font-size: 13px; }
main { margin-left: 200px; padding: 8px 32px 48px; max-width: 1080px; }
h1 { margin: 16px 0 2px; } h2 { border-bottom: 1px solid #ddd; padding-bottom: 0.3rem; margin-top: 2.2rem; }
h3 { margin: 1.8rem 0 0.3rem; font-family: 'DejaVu Sans Mono', Menlo, Consolas, monospace; }
h4 { margin: 0.8rem 0 0.2rem; font-size: 0.95rem; }
p { margin: 0.4rem 0; }
a { color: #1a5fa8; }
code { font-family: 'DejaVu Sans Mono', Menlo, Consolas, monospace; font-size: 0.85em; background: #f3f3f3; padding: 0 0.2em; border-radius: 3px; overflow-wrap: break-word; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; font-size: 0.88rem; width: 100%; }
th, td { border: 1px solid #ddd; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #f5f5f5; } td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tbody tr:nth-child(even) td { background: #fafafa; }
tr.fail td { background: #fde2e1 !important; } tr.warn td { background: #fff4d6 !important; } tr.skipped td { color: #777; }
table.columns td:first-child, table.columns td:nth-child(2) { white-space: nowrap; }
table.runs td:first-child, table.runs td:nth-child(3) { white-space: nowrap; }
table.guards td:first-child, table.guards td:nth-child(4), table.checks td:first-child, table.checks td:nth-child(2), table.results td:nth-child(2) { white-space: nowrap; }
table.checks td:nth-child(3) { width: 60%; } table.results td:nth-child(4) { width: 45%; }
.meta { color: #666; font-size: 0.9em; }
.flag { background: #fff4d6; padding: 0.5rem 0.8rem; border-left: 4px solid #f0a30a; margin: 0.5rem 0; }
.facts { color: #555; font-size: 0.9rem; display: flex; flex-wrap: wrap; gap: 4px 18px; }
.badge { display: inline-block; font-size: 0.75rem; padding: 0 0.4em; border-radius: 3px; white-space: nowrap; }
.badge.key { background: #fde9c8; color: #7a4a00; } .badge.part { background: #e1ecf7; color: #1a4a7a; }
details { margin: 0.3rem 0 1rem; } summary { cursor: pointer; color: #1a5fa8; }
pre.sql { background: #f6f8fa; padding: 8px 12px; border-radius: 4px; font-size: 0.8rem; line-height: 1.35; overflow-x: auto; white-space: pre; }
.lineage-box { overflow-x: auto; border: 1px solid #e4e4e4; border-radius: 6px; padding: 8px; background: #fff; }
svg.lineage { display: block; max-width: 100%; height: auto; margin: 0 auto; font-family: 'DejaVu Sans Mono', Menlo, Consolas, monospace; font-size: 14px; }
svg.lineage .edge { fill: none; stroke: #90a4ae; stroke-width: 1.6; }
svg.lineage .layer { fill: #666; font-family: system-ui, sans-serif; font-size: 13px; text-transform: uppercase; letter-spacing: 0.05em; }
svg.lineage a.node text { fill: #222; } svg.lineage a.node:hover rect { stroke-width: 2.5; }
.legend { color: #555; font-size: 0.88rem; }
`;

/** The data docs as one self-contained HTML page: no script, no request, every part from the catalog, the models
 *  and the lake's manifests. */
export function dataDocsHtml(docs: DataDocs): string {
  const { lineage } = docs;
  const models = lineage.nodes.filter((n) => n.layer === 'staging' || n.layer === 'intermediate');
  const nav = [
    '<div class="brand">Sparkify data docs</div>',
    '<a href="#lineage">Lineage</a>',
    '<div class="group">Star tables</div>',
    ...TABLES.map((t) => `<a class="sub" href="#table-${esc(t.name)}">${esc(t.name)}</a>`),
    '<div class="group">Models</div>',
    ...models.map((n) => `<a class="sub" href="#model-${esc(n.name)}">${esc(n.name)}</a>`),
    '<div class="group">Raw sources</div>',
    ...SOURCES.map((s) => `<a class="sub" href="#source-${esc(s.name)}">${esc(s.name)}</a>`),
    '<div class="group">Operations</div>',
    '<a href="#guards">Guards</a>',
    '<a href="#runs">Last runs</a>',
  ];
  const lakeNote =
    docs.lake.kind === 'runs' ? `runs from ${code(shown(docs.lake.runs.lake))}` : docs.lake.kind === 'none' ? 'no lake' : `lake ${code(shown(docs.lake.location))} unreadable`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta name="generator" content="sparkify present">
<title>Sparkify data docs</title>
<style>${STYLE}</style>
</head>
<body>
<nav>${nav.join('\n')}</nav>
<main>
<h1>Sparkify data docs</h1>
<p class="meta">The star schema, its models, sources, checks and guards as the code declares them
(<code>src/catalog/</code>, <code>src/models/</code>); ${lakeNote}. Generated ${when(docs.generatedAt.toISOString())}.</p>

<section id="lineage"><h2>Lineage</h2>
<p class="legend">Raw JSON sources → staging models → the star, as a full run computes them; the amber box is an
intermediate model, a relation between tables that is computed and never written. Each arrow is a relation a model's
SQL reads (its <code>FROM</code> and <code>JOIN</code>); click a box for its section.</p>
<div class="lineage-box">${lineageSvg(lineage)}</div>
</section>

<section id="tables"><h2>Star tables</h2>
<p>Published as Delta tables, one folder each. A key is unique and never null, and every non-nullable column is checked
not null on every run before anything is published; the other checks are declared in each table's folder, <code>src/tables/&lt;name&gt;/&lt;name&gt;.yml</code>.</p>
${TABLES.map((t) => tableSection(t, lineage)).join('\n')}
</section>

<section id="models"><h2>Models</h2>
<p>Staging models: typed and cleaned views of the raw sources that the star models select from. Intermediate models:
relations between the tables (song_match, the catalogue a play is matched against). Computed on every run, never written.</p>
${models.map((n) => modelSection(n, lineage)).join('\n')}
</section>

<section id="sources"><h2>Raw sources</h2>
<p>Declared with explicit types (<code>src/catalog/sources.ts</code>), never inferred. A record whose field breaks its
type or rule is quarantined, not coerced.</p>
${SOURCES.map((s) => sourceSection(s, lineage)).join('\n')}
</section>

${guardsSection()}

${runsSection(docs.lake)}
</main>
</body>
</html>
`;
}
