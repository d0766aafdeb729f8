import pl from 'nodejs-polars';
import type { ColumnDef } from '../catalog/types';

/**
 * Per-file statistics for an add action (PROTOCOL.md "Per-file Statistics"): numRecords, and per stored column
 * nullCount, minValues, maxValues, which readers use to skip files. All are computed in one Polars select.
 *
 * Returned as JSON text built by hand: 64-bit ids (songplay_id) exceed JavaScript's safe integers, so numbers are
 * carried as the decimal text Polars prints, never through a JS number.
 */
const STRING_PREFIX = 32; // Spark's default string stats prefix length

export function fileStats(frame: pl.DataFrame, columns: ColumnDef[]): string {
  const exprs: pl.Expr[] = [];
  for (const c of columns) {
    exprs.push(pl.col(c.name).nullCount().cast(pl.Int64).cast(pl.Utf8).alias(`${c.name}:nulls`));
    // Timestamps as epoch microseconds, everything else as Polars' own text of the value.
    const value = c.type === 'timestamp' ? pl.col(c.name).cast(pl.Int64) : pl.col(c.name);
    exprs.push(value.min().cast(pl.Utf8).alias(`${c.name}:min`), value.max().cast(pl.Utf8).alias(`${c.name}:max`));
  }
  const row = frame.height === 0 || exprs.length === 0 ? null : (frame.select(...exprs).row(0) as (string | null)[]);
  const nulls: string[] = [];
  const mins: string[] = [];
  const maxes: string[] = [];
  columns.forEach((c, i) => {
    const key = JSON.stringify(c.name);
    nulls.push(`${key}:${row ? row[i * 3] : '0'}`);
    const min = row ? statValue(c, row[i * 3 + 1], 'min') : null;
    const max = row ? statValue(c, row[i * 3 + 2], 'max') : null;
    if (min !== null) mins.push(`${key}:${min}`);
    if (max !== null) maxes.push(`${key}:${max}`);
  });
  return `{"numRecords":${frame.height},"minValues":{${mins.join(',')}},"maxValues":{${maxes.join(',')}},"nullCount":{${nulls.join(',')}}}`;
}

/** One bound as JSON text, or null when it is absent or cannot be written exactly (readers then do not skip). */
function statValue(column: ColumnDef, text: string | null, bound: 'min' | 'max'): string | null {
  if (text === null) return null;
  switch (column.type) {
    case 'bigint':
    case 'int':
      return /^-?\d+$/.test(text) ? text : null;
    case 'double':
      return Number.isFinite(Number(text)) ? String(Number(text)) : null;
    case 'timestamp': {
      // Delta keeps timestamp stats in milliseconds: round the lower bound down and the upper bound up so
      // both still enclose every value.
      const micros = BigInt(text);
      const millis = bound === 'min' ? floorDiv(micros, 1000n) : -floorDiv(-micros, 1000n);
      return JSON.stringify(new Date(Number(millis)).toISOString());
    }
    case 'string': {
      const chars = [...text];
      if (chars.length <= STRING_PREFIX) return JSON.stringify(text);
      // A prefix is still a lower bound; an upper bound would need the prefix incremented, so none is given.
      return bound === 'min' ? JSON.stringify(chars.slice(0, STRING_PREFIX).join('')) : null;
    }
  }
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}
