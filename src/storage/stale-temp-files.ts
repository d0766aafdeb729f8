import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Storage } from './storage';

/**
 * The temporary files FolderStorage makes beside a target while it writes: `<name>.<pid>.<hex>.tmp` (write, renamed
 * onto the name) and `.<name>.<pid>.<hex>.tmp` (putIfAbsent, linked to the name). A process killed meanwhile
 * leaves them behind.
 */
const TEMP_FILE = /^.+\.\d+\.[0-9a-f]*\.tmp$/;

/**
 * Deletes the kit's own temporary files directly in `folder` (not below it) last modified over `olderThanMs` ago,
 * and returns their keys. A write's temporary file lives for milliseconds, so an age of minutes never touches one
 * in use. Only a folder storage makes them (an S3 object is written whole): other storages have none to delete.
 */
export async function removeStaleTempFiles(storage: Storage, folder: string, olderThanMs: number): Promise<string[]> {
  const dir = storage.localPath(folder);
  if (dir === undefined) return [];
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    if (['ENOENT', 'ENOTDIR'].includes((err as NodeJS.ErrnoException).code ?? '')) return [];
    throw err;
  }
  const cutoff = Date.now() - olderThanMs;
  const stale: string[] = [];
  for (const entry of entries) {
    if (!entry.isFile() || !TEMP_FILE.test(entry.name)) continue;
    const stat = fs.statSync(path.join(dir, entry.name), { throwIfNoEntry: false });
    if (stat && stat.mtimeMs < cutoff) stale.push(folder === '' ? entry.name : `${folder.replace(/\/+$/, '')}/${entry.name}`);
  }
  if (stale.length > 0) await storage.delete(stale);
  return stale;
}
