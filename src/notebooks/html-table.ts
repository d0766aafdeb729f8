import { cellText, numericColumns } from './table-cells';

const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * Rows as an HTML table, styled by JupyterLab's own rendered-HTML rules (and nbconvert's, which are the same):
 * numbers right-aligned, long text wrapping inside its cell instead of pushing the count to the next line.
 */
export function htmlTable(objects: readonly object[], columns?: string[]): string {
  const rows = objects as Array<Record<string, unknown>>;
  if (rows.length === 0) return '<p><em>(no rows)</em></p>';
  const cols = columns ?? Object.keys(rows[0]);
  const numeric = numericColumns(rows, cols);
  const align = (i: number) => (numeric[i] ? ' style="text-align: right"' : ' style="text-align: left"');
  const head = cols.map((c, i) => `<th${align(i)}>${escapeHtml(c)}</th>`).join('');
  const body = rows.map((r) => `<tr>${cols.map((c, i) => `<td${align(i)}>${escapeHtml(cellText(r[c]))}</td>`).join('')}</tr>`);
  return `<table>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body.join('\n')}\n</tbody>\n</table>`;
}
