/** Hive-style partition folder names, following Spark's conventions so Spark, Athena and Polars read them back. */
export const HIVE_DEFAULT_PARTITION = '__HIVE_DEFAULT_PARTITION__';

// Spark's ExternalCatalogUtils.escapePathName escapes control characters and these.
const ESCAPED = new Set(['"', '#', '%', "'", '*', '/', ':', '=', '?', '\\', '\x7f', '{', '[', ']', '^']);

export function escapePartitionValue(value: string): string {
  let out = '';
  for (const ch of value) {
    const code = ch.charCodeAt(0);
    if (ESCAPED.has(ch) || (code < 0x20 && ch.length === 1)) out += '%' + code.toString(16).toUpperCase().padStart(2, '0');
    else out += ch;
  }
  return out;
}

export function unescapePartitionValue(text: string): string {
  return text.replace(/%([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** `year=2018` for one column; a null or empty value goes to Spark's default partition. */
export function partitionSegment(column: string, value: unknown): string {
  const text = value === null || value === undefined || value === '' ? HIVE_DEFAULT_PARTITION : escapePartitionValue(String(value));
  return `${escapePartitionValue(column)}=${text}`;
}

/** Parses `year=2018/month=11` (any prefix before is ignored) into column → raw value (null for the default). */
export function parsePartitionPath(relPath: string): Record<string, string | null> {
  const values: Record<string, string | null> = {};
  for (const segment of relPath.split('/')) {
    const eq = segment.indexOf('=');
    if (eq <= 0) continue;
    const raw = segment.slice(eq + 1);
    values[unescapePartitionValue(segment.slice(0, eq))] = raw === HIVE_DEFAULT_PARTITION ? null : unescapePartitionValue(raw);
  }
  return values;
}
