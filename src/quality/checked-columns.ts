import { checksOf } from '../catalog/checks';
import { TABLES } from '../catalog/tables';
import type { TableDef } from '../catalog/types';

/**
 * The columns that the checks of `tables` read, by table (a relationship's parent column in the parent's list).
 * Reading only these leaves out what no check looks at (songplays' location and user agent: most of its bytes).
 */
export function checkedColumns(tables: TableDef[] = TABLES): Record<string, string[]> {
  const columns = new Map<string, Set<string>>();
  const of = (table: string) => columns.get(table) ?? columns.set(table, new Set()).get(table)!;
  for (const table of tables) {
    of(table.name);
    for (const check of checksOf(table)) {
      if (check.kind === 'unique') check.columns.forEach((c) => of(table.name).add(c));
      else if (check.kind !== 'reconciliation') of(table.name).add(check.column);
      if (check.kind === 'relationships') of(check.to.table).add(check.to.column);
    }
  }
  return Object.fromEntries([...columns].map(([table, names]) => [table, [...names]]));
}
