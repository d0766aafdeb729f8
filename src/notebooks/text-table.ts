/** Rows as a fixed-width text table: readable in any viewer, and stable text for the notebooks' checks. */
export function textTable(objects: readonly object[], columns?: string[]): string {
  const rows = objects as Array<Record<string, unknown>>;
  if (rows.length === 0) return '(no rows)';
  const cols = columns ?? Object.keys(rows[0]);
  const cell = (v: unknown): string => {
    if (v === null || v === undefined) return 'null';
    if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toFixed(4).replace(/0+$/, '').replace(/\.$/, '');
    if (typeof v === 'bigint') return v.toString();
    if (v instanceof Date) return v.toISOString();
    return typeof v === 'string' ? v : JSON.stringify(v);
  };
  const body = rows.map((r) => cols.map((c) => cell(r[c])));
  const widths = cols.map((c, i) => Math.max(c.length, ...body.map((b) => b[i].length)));
  const numeric = cols.map((c) => rows.every((r) => r[c] === null || typeof r[c] === 'number' || typeof r[c] === 'bigint'));
  const line = (cells: string[]) =>
    cells.map((text, i) => (numeric[i] ? text.padStart(widths[i]) : text.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(cols), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

/** Prints rows as a text table (the notebooks' way to show a result). */
export function printTable(rows: readonly object[], columns?: string[]): void {
  console.log(textTable(rows, columns));
}
