import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import type { BucketMode, CheckDef, ColumnDef, ColumnType, IncrementalMode, Layout, TableDef, TableFolder } from './types';

/**
 * Reads the table folders (src/tables/<name>/): each holds <name>.yml (columns, keys, partitioning, checks, merge
 * mode), the model <name>.sql and the incremental merge.sql. Adding a table is adding a folder. Everything a check,
 * a key or a partition names is checked here, at load: a misspelt table or column fails with the file and the name.
 */
export function loadTableFolders(tablesDir: string, layoutChoice: string = ''): TableFolder[] {
  // Files are named from the folder above src/ (src/tables/users/users.yml), as a reader finds them.
  const shown = (file: string) => path.relative(path.dirname(path.dirname(tablesDir)), file);
  const folders = fs
    .readdirSync(tablesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => loadTableFolder(path.join(tablesDir, entry.name), shown))
    .sort((a, b) => a.position - b.position);
  for (const folder of folders) checkReferences(folder, folders, shown);
  for (const [table, layout] of parseLayoutChoice(layoutChoice)) applyLayout(folders, table, layout);
  const positions = folders.map((f) => f.position);
  const repeated = positions.find((p, i) => positions.indexOf(p) !== i);
  if (repeated !== undefined) throw new TableDeclarationError(`${shown(tablesDir)}: two tables declare position ${repeated}; each table needs its own`);
  return folders;
}

/** A table folder that does not hold together: the CLI prints its one line (it is raised while the kit loads). */
export class TableDeclarationError extends Error {
  override name = 'TableDeclarationError';
}

const COLUMN_TYPES: readonly ColumnType[] = ['bigint', 'int', 'double', 'string', 'timestamp'];
const INCREMENTAL_MODES: readonly IncrementalMode[] = ['upsert', 'append'];
const BUCKET_MODES: readonly BucketMode[] = ['per-user', 'distinct'];
const CHECK_KINDS: readonly CheckDef['kind'][] = ['unique', 'not_null', 'relationships', 'accepted_values', 'range', 'reconciliation'];
const FIELDS = ['name', 'position', 'doc', 'columns', 'key', 'partitionBy', 'sortBy', 'layouts', 'partitionCandidates', 'checks', 'incremental', 'buckets'];

/** The environment variable that picks a table's alternative layout: `SPARKIFY_LAYOUT=songs:by-artist[,table:name…]`. */
export const LAYOUT_VARIABLE = 'SPARKIFY_LAYOUT';

/** One folder's declaration, its own fields checked (references to other tables are checked once all are read). */
function loadTableFolder(dir: string, shown: (file: string) => string): TableFolder {
  const name = path.basename(dir);
  const file = path.join(dir, `${name}.yml`);
  if (!fs.existsSync(file)) throw new TableDeclarationError(`${shown(dir)}: a table folder holds ${name}.yml, its declaration`);
  const fail = (message: string): never => {
    throw new TableDeclarationError(`${shown(file)}: ${message}`);
  };
  const doc = parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  const unknown = Object.keys(doc ?? {}).filter((k) => !FIELDS.includes(k));
  if (unknown.length > 0) fail(`unknown field ${unknown.join(', ')} (the fields: ${FIELDS.join(', ')})`);
  if (doc.name !== name) fail(`name ${String(doc.name)} differs from its folder ${name}`);
  const columns = (doc.columns as ColumnDef[] | undefined) ?? fail('no columns');
  for (const c of columns) {
    if (!COLUMN_TYPES.includes(c.type)) fail(`column ${c.name} has type ${c.type}, not one of ${COLUMN_TYPES.join(', ')}`);
    if (typeof c.nullable !== 'boolean') fail(`column ${c.name} needs nullable: true or false`);
  }
  const names = columns.map((c) => c.name);
  const column = (what: string) => (c: string) => {
    if (!names.includes(c)) fail(`${what} names column ${c}, which ${name} does not have (its columns: ${names.join(', ')})`);
  };
  const list = (field: string): string[] => (doc[field] as string[] | undefined) ?? [];
  for (const field of ['key', 'partitionBy', 'sortBy', 'partitionCandidates']) list(field).forEach(column(field));
  const layouts = (doc.layouts as Record<string, Partial<Layout>> | undefined) ?? {};
  for (const [layoutName, layout] of Object.entries(layouts)) {
    const extra = Object.keys(layout ?? {}).filter((k) => k !== 'partitionBy' && k !== 'sortBy');
    if (extra.length > 0) fail(`layout ${layoutName} has unknown field ${extra.join(', ')} (a layout holds partitionBy and sortBy)`);
    for (const field of ['partitionBy', 'sortBy'] as const) (layout?.[field] ?? []).forEach(column(`layout ${layoutName} ${field}`));
  }
  if (list('key').length === 0) fail('no key: every table has columns that identify a row');
  const checks = (doc.checks as CheckDef[] | undefined) ?? [];
  for (const check of checks) {
    if (!CHECK_KINDS.includes(check.kind)) fail(`unknown check kind ${check.kind} (the kinds: ${CHECK_KINDS.join(', ')})`);
    if ('column' in check) column(`check ${check.kind}`)(check.column);
    if ('columns' in check) check.columns.forEach(column(`check ${check.kind}`));
  }
  const incremental = doc.incremental as IncrementalMode;
  if (!INCREMENTAL_MODES.includes(incremental)) fail(`incremental is ${String(incremental)}, not one of ${INCREMENTAL_MODES.join(', ')}`);
  const buckets = doc.buckets as BucketMode | undefined;
  if (buckets !== undefined && !BUCKET_MODES.includes(buckets)) fail(`buckets is ${buckets}, not one of ${BUCKET_MODES.join(', ')}`);
  if (!Number.isInteger(doc.position)) fail('position (where the table is listed, 1 first) must be a whole number');
  for (const sql of [`${name}.sql`, 'merge.sql']) if (!fs.existsSync(path.join(dir, sql))) fail(`its folder lacks ${sql}`);
  // Key order as the published shape always had it: run manifests and Spark job specs hold these objects.
  const table: TableDef = {
    name,
    model: name,
    doc: String(doc.doc ?? ''),
    columns: columns.map((c) => ({ name: c.name, type: c.type, nullable: c.nullable, doc: String(c.doc ?? '') })),
    key: list('key'),
    partitionBy: list('partitionBy'),
    sortBy: list('sortBy'),
  };
  return {
    table,
    position: doc.position as number,
    layouts: Object.fromEntries(Object.entries(layouts).map(([n, l]) => [n, { partitionBy: l?.partitionBy ?? [], sortBy: l?.sortBy ?? [] }])),
    checks,
    partitionCandidates: list('partitionCandidates'),
    incremental,
    ...(buckets ? { buckets } : {}),
    dir,
  };
}

/** `songs:by-artist,users:x` as [table, layout] pairs; a malformed entry fails with what the variable should hold. */
function parseLayoutChoice(choice: string): [string, string][] {
  return choice
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry) => {
      const [table, layout, ...rest] = entry.split(':');
      if (!table || !layout || rest.length > 0) throw new TableDeclarationError(`${LAYOUT_VARIABLE}=${choice}: each entry is table:layout, e.g. songs:by-artist`);
      return [table, layout];
    });
}

/** Puts a table folder's named layout in place of its declared partitioning and sort order. */
function applyLayout(folders: TableFolder[], tableName: string, layoutName: string): void {
  const folder = folders.find((f) => f.table.name === tableName);
  if (!folder) throw new TableDeclarationError(`${LAYOUT_VARIABLE}: no table ${tableName} (the tables: ${folders.map((f) => f.table.name).join(', ')})`);
  const layout = folder.layouts[layoutName];
  const named = Object.keys(folder.layouts);
  if (!layout) throw new TableDeclarationError(`${LAYOUT_VARIABLE}: ${tableName} has no layout ${layoutName} (${named.length ? `its layouts: ${named.join(', ')}` : 'it declares none'})`);
  folder.table.partitionBy = [...layout.partitionBy];
  folder.table.sortBy = [...layout.sortBy];
}

/** A relationships check names another table and its column: both must exist. */
function checkReferences(folder: TableFolder, all: TableFolder[], shown: (file: string) => string): void {
  for (const check of folder.checks) {
    if (check.kind !== 'relationships') continue;
    const where = `${shown(path.join(folder.dir, `${folder.table.name}.yml`))}: check relationships on ${check.column}`;
    const target = all.find((f) => f.table.name === check.to.table);
    if (!target) throw new TableDeclarationError(`${where} names table ${check.to.table}, which does not exist (the tables: ${all.map((f) => f.table.name).join(', ')})`);
    if (!target.table.columns.some((c) => c.name === check.to.column)) {
      throw new TableDeclarationError(`${where} names column ${check.to.column} of ${check.to.table}, which it does not have`);
    }
  }
}
