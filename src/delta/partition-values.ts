/**
 * Partition values two ways: as the Delta log records them (PROTOCOL.md "Partition Value Serialization": the
 * value as a string, null for a null partition) and as the Hive folder names data files live in (Spark's
 * escaping; null is `__HIVE_DEFAULT_PARTITION__`). The log is the truth for readers; folders follow convention.
 */
export const HIVE_NULL_PARTITION = '__HIVE_DEFAULT_PARTITION__';

// Spark's ExternalCatalogUtils.escapePathName: control characters and these are %XX-escaped in folder names.
const HIVE_ESCAPED = new Set(['"', '#', '%', "'", '*', '/', ':', '=', '?', '\\', '\x7f', '{', '[', ']', '^']);

/** A value as the log records it; a null, undefined or empty value is a null partition (Delta reads "" as null). */
export function partitionValueText(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (value instanceof Date) return value.toISOString().replace(/\.000Z$/, 'Z');
  return String(value);
}

function escapeHive(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    out += HIVE_ESCAPED.has(ch) || code < 0x20 ? '%' + code.toString(16).toUpperCase().padStart(2, '0') : ch;
  }
  return out;
}

/** `year=2018/month=11` for the given columns and their logged values. */
export function partitionFolder(columns: string[], values: Record<string, string | null>): string {
  return columns.map((c) => `${escapeHive(c)}=${values[c] === null ? HIVE_NULL_PARTITION : escapeHive(values[c]!)}`).join('/');
}
