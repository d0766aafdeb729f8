import { checksOf } from '../catalog/checks';
import { TABLES } from '../catalog/tables';

/**
 * The columns each table's checks read (a relationship's parent column in the parent's list). Reading only these
 * leaves out what no check looks at (songplays' location and user agent: most of its bytes).
 */
export function checkedColumns(): Record<string, string[]> {
  const columns = new Map<string, Set<string>>(TABLES.map((t) => [t.name, new Set<string>()]));
  for (const table of TABLES) {
    for (const check of checksOf(table)) {
      if (check.kind === 'unique') check.columns.forEach((c) => columns.get(table.name)!.add(c));
      else if (check.kind !== 'reconciliation') columns.get(table.name)!.add(check.column);
      if (check.kind === 'relationships') columns.get(check.to.table)!.add(check.to.column);
    }
  }
  return Object.fromEntries([...columns].map(([table, names]) => [table, [...names]]));
}
