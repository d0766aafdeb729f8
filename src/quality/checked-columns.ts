import { checksOf } from '../catalog/checks';
import { TABLES } from '../catalog/tables';
import type { CheckDef, TableDef } from '../catalog/types';

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
      columnsOfCheck(check).forEach((c) => of(table.name).add(c));
      if (check.kind === 'relationships') of(check.to.table).add(check.to.column);
    }
  }
  return Object.fromEntries([...columns].map(([table, names]) => [table, [...names]]));
}

/** The columns of its own table that one check reads (none for a row count). */
export function columnsOfCheck(check: CheckDef): string[] {
  if (check.kind === 'unique') return check.columns;
  return check.kind === 'reconciliation' ? [] : [check.column];
}

/** The columns of each table that other tables' relationship checks point at (its keys, as a parent). */
export function parentKeyColumns(tables: TableDef[] = TABLES): Record<string, string[]> {
  const keys: Record<string, string[]> = {};
  for (const table of tables) {
    for (const check of checksOf(table)) {
      if (check.kind !== 'relationships') continue;
      const columns = (keys[check.to.table] ??= []);
      if (!columns.includes(check.to.column)) columns.push(check.to.column);
    }
  }
  return keys;
}

/** The tables with every relationship's parent before its children (otherwise in the given order). */
export function parentsFirst(tables: TableDef[] = TABLES): TableDef[] {
  const parentsOf = (table: TableDef) =>
    checksOf(table).flatMap((c) => (c.kind === 'relationships' && c.to.table !== table.name ? [c.to.table] : []));
  const ordered: TableDef[] = [];
  const visit = (table: TableDef, path: string[]) => {
    if (ordered.includes(table)) return;
    if (path.includes(table.name)) throw new Error(`relationship checks form a cycle: ${[...path, table.name].join(' -> ')}`);
    for (const parent of parentsOf(table)) {
      const def = tables.find((t) => t.name === parent);
      if (def) visit(def, [...path, table.name]);
    }
    ordered.push(table);
  };
  for (const table of tables) visit(table, []);
  return ordered;
}
