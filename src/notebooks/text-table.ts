import { display } from './display';
import { htmlTable } from './html-table';
import { cellText, numericColumns } from './table-cells';

/** Rows as a fixed-width text table: readable in any viewer, and stable text for the notebooks' checks. */
export function textTable(objects: readonly object[], columns?: string[]): string {
  const rows = objects as Array<Record<string, unknown>>;
  if (rows.length === 0) return '(no rows)';
  const cols = columns ?? Object.keys(rows[0]);
  const body = rows.map((r) => cols.map((c) => cellText(r[c])));
  const widths = cols.map((c, i) => Math.max(c.length, ...body.map((b) => b[i].length)));
  const numeric = numericColumns(rows, cols);
  const line = (cells: string[]) =>
    cells.map((text, i) => (numeric[i] ? text.padStart(widths[i]) : text.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(cols), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

/**
 * Shows rows as a table (the notebooks' way to show a result): an HTML table in JupyterLab and exported HTML,
 * with the text table beside it for plain viewers and the regression check.
 */
export function printTable(rows: readonly object[], columns?: string[]): void {
  display({ 'text/html': htmlTable(rows, columns), 'text/plain': textTable(rows, columns) });
}
