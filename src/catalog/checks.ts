import { tableFolder } from './tables';
import type { CheckDef, TableDef } from './types';

/**
 * Every check of a table: its key unique and not null, non-nullable columns not null, then the ones declared in its
 * folder (src/tables/<name>/<name>.yml). Evaluated by src/quality on every run before publishing, and by
 * `sparkify check` on any written lake.
 */
export function checksOf(table: TableDef): CheckDef[] {
  const keyNotNull = table.key.map((column): CheckDef => ({ kind: 'not_null', column }));
  const notNull = table.columns
    .filter((c) => !c.nullable && !table.key.includes(c.name))
    .map((c): CheckDef => ({ kind: 'not_null', column: c.name }));
  return [{ kind: 'unique', columns: table.key }, ...keyNotNull, ...notNull, ...tableFolder(table.name).checks];
}
