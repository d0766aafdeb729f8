import pl from 'nodejs-polars';
import type { SourceDef } from '../catalog/types';

export interface FieldProfile {
  field: string;
  type: string;
  rows: number;
  nulls: number;
  /** Empty strings: "unknown" written as a value, which the staging models turn into null. */
  empty: number;
  distinct: number;
}

/** Nulls, empty strings and distinct values of every declared field of a raw (as read) source frame. */
export function profileFields(frame: pl.DataFrame, source: SourceDef): FieldProfile[] {
  return source.fields.map((field) => {
    const column = frame.getColumn(field.name);
    const empty = field.type === 'string' ? frame.filter(pl.col(field.name).eq(pl.lit(''))).height : 0;
    return {
      field: field.name,
      type: field.type,
      rows: frame.height,
      nulls: column.nullCount(),
      empty,
      distinct: column.nUnique(),
    };
  });
}
