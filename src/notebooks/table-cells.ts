/** One value as a table shows it (text and HTML tables alike). */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toFixed(4).replace(/0+$/, '').replace(/\.$/, '');
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof Date) return v.toISOString();
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** Columns whose every value is a number (or null): right-aligned. */
export function numericColumns(rows: Array<Record<string, unknown>>, cols: string[]): boolean[] {
  return cols.map((c) => rows.every((r) => r[c] === null || typeof r[c] === 'number' || typeof r[c] === 'bigint'));
}
