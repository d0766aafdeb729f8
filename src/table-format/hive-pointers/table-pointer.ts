/**
 * The small object that says which version of a table is published: `<output>/_current/<table>.json`.
 * On S3, which has no rename or symlink, replacing this one object is the atomic publish (a PUT is atomic and
 * S3 reads are strongly consistent); the local lake writes the same file beside its symlink, so one reader
 * works for both. `location` is relative to the output root.
 */
export interface TablePointer {
  table: string;
  run: string;
  location: string;
  publishedAt: string;
}

export const POINTER_DIR = '_current';
export const VERSIONS_DIR = '_versions';

export function pointerName(table: string): string {
  return `${POINTER_DIR}/${table}.json`;
}

export function versionName(table: string, runId: string): string {
  return `${VERSIONS_DIR}/${table}/${runId}`;
}

export function newPointer(table: string, runId: string, now = new Date()): TablePointer {
  return { table, run: runId, location: versionName(table, runId), publishedAt: now.toISOString() };
}

export function parsePointer(text: string, where: string): TablePointer {
  const pointer = JSON.parse(text) as Partial<TablePointer>;
  if (typeof pointer.location !== 'string' || typeof pointer.run !== 'string') throw new Error(`${where} is not a table pointer`);
  return pointer as TablePointer;
}
