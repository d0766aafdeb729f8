import pl from 'nodejs-polars';

/** A row's key as JSON shows it: numbers beyond 2^53 (62-bit ids) as strings, timestamps as ISO text. */
export type KeyValues = Record<string, string | number | boolean | null>;

export interface ColumnChange {
  column: string;
  /** Rows (present on both sides) whose value in this column differs. */
  rows: number;
}

/** What changed in one table between two versions, by key. */
export interface TableDiff {
  rowsBefore: number;
  rowsAfter: number;
  /** Keys only after. */
  added: number;
  /** Keys only before. */
  removed: number;
  /** Keys on both sides with at least one other column different (null against a value counts; null against null does not). */
  changed: number;
  /** Only the columns that changed somewhere, in the frames' column order. */
  changedColumns: ColumnChange[];
  /** The first few keys of each kind, in key order. */
  examples: { added: KeyValues[]; removed: KeyValues[]; changed: KeyValues[] };
}

function jsonValue(value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') return value;
  return String(value);
}

function exampleKeys(frame: pl.DataFrame, key: string[], count: number): KeyValues[] {
  if (frame.height === 0 || count === 0) return [];
  // 64-bit integers as text first: toRecords would round a 62-bit id through a JS number.
  const is64 = (c: string) => ['Int64', 'UInt64'].includes(frame.getColumn(c).dtype.variant);
  return frame
    .sort(key)
    .select(...key.map((c) => (is64(c) ? pl.col(c).cast(pl.Utf8) : pl.col(c))))
    .head(count)
    .toRecords()
    .map((row) => Object.fromEntries(key.map((k) => [k, is64(k) && row[k] !== null ? jsonValue(BigInt(row[k] as string)) : jsonValue(row[k])])));
}

// Prefixes that keep the two sides' columns apart after the join, whatever the table's column names.
const BEFORE = '\u0000before:';
const AFTER = '\u0000after:';
const CHANGED = '\u0000changed:';

/**
 * Compares two versions of a table by its key (unique on each side, as the quality gate ensures). Pure: frames in,
 * counts out. The frames must have the same columns and types (both read with the catalog's types).
 */
export function diffTables(before: pl.DataFrame, after: pl.DataFrame, key: string[], exampleCount = 3): TableDiff {
  const missing = key.filter((k) => !before.columns.includes(k) || !after.columns.includes(k));
  if (missing.length > 0) throw new Error(`key column ${missing.join(', ')} is not in both frames`);
  const values = after.columns.filter((c) => !key.includes(c) && before.columns.includes(c));

  const added = after.join(before.select(...key), { on: key, how: 'anti' });
  const removed = before.join(after.select(...key), { on: key, how: 'anti' });
  const both = before
    .select(...key, ...values.map((c) => pl.col(c).alias(BEFORE + c)))
    .join(after.select(...key, ...values.map((c) => pl.col(c).alias(AFTER + c))), { on: key, how: 'inner' });

  // Per column: differs when the values differ, or exactly one side is null (a plain != is null there).
  const flags = both.select(
    ...key,
    ...values.map((c) => {
      const [b, a] = [pl.col(BEFORE + c), pl.col(AFTER + c)];
      return b.neq(a).fillNull(pl.lit(false)).or(b.isNull().neq(a.isNull())).alias(CHANGED + c);
    }),
  );
  const changedRows = values.length === 0 ? flags.head(0) : flags.filter(pl.anyHorizontal(values.map((c) => pl.col(CHANGED + c))));
  const counts = values.length === 0 ? {} : (flags.select(...values.map((c) => pl.col(CHANGED + c).cast(pl.Int64).sum())).toRecords()[0] as Record<string, unknown>);

  return {
    rowsBefore: before.height,
    rowsAfter: after.height,
    added: added.height,
    removed: removed.height,
    changed: changedRows.height,
    changedColumns: values.map((c) => ({ column: c, rows: Number(counts[CHANGED + c] ?? 0) })).filter((c) => c.rows > 0),
    examples: {
      added: exampleKeys(added, key, exampleCount),
      removed: exampleKeys(removed, key, exampleCount),
      changed: exampleKeys(changedRows, key, exampleCount),
    },
  };
}
