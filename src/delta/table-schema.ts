import type { ColumnType, TableDef } from '../catalog/types';

/** A column of a Delta schema (Spark's JSON schema, PROTOCOL.md "Schema Serialization Format"): primitives only. */
export interface DeltaField {
  name: string;
  type: string;
  nullable: boolean;
  metadata: Record<string, unknown>;
}

export interface DeltaSchema {
  type: 'struct';
  fields: DeltaField[];
}

/** Catalog types (named as Spark shows them) → Delta primitive type names. */
const DELTA_TYPES: Record<ColumnType | 'boolean', string> = {
  bigint: 'long',
  int: 'integer',
  double: 'double',
  string: 'string',
  // UTC microseconds; data files carry TIMESTAMP(isAdjustedToUTC = true, MICROS).
  timestamp: 'timestamp',
  boolean: 'boolean',
};

/** The table's Delta schema, in catalog column order (partition columns included, as Spark declares them). */
export function deltaSchema(table: TableDef): DeltaSchema {
  return {
    type: 'struct',
    fields: table.columns.map((c) => ({ name: c.name, type: DELTA_TYPES[c.type], nullable: c.nullable, metadata: {} })),
  };
}

export function schemaString(table: TableDef): string {
  return JSON.stringify(deltaSchema(table));
}

export function parseSchemaString(text: string): DeltaSchema {
  const schema = JSON.parse(text) as DeltaSchema;
  if (schema.type !== 'struct' || !Array.isArray(schema.fields)) throw new Error('Delta schemaString is not a struct type');
  return schema;
}

/** Whether two schema strings describe the same columns (order, names, types, nullability), whatever their spacing. */
export function sameSchema(a: string, b: string): boolean {
  const key = (s: string) =>
    JSON.stringify(parseSchemaString(s).fields.map((f) => [f.name, typeof f.type === 'string' ? f.type : JSON.stringify(f.type), f.nullable]));
  return key(a) === key(b);
}
