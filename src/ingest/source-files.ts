import * as fs from 'node:fs/promises';
import * as path from 'node:path';

/** One input file, known by its path relative to the input root so runs and engines name it the same way. */
export interface SourceFile {
  relPath: string;
  size: number;
  /** Set when the file is on local disk, so a native reader can open it without a copy. */
  localPath?: string;
  read(): Promise<Buffer>;
}

/** Files the sources are read from; anything else (.DS_Store, READMEs, checksums) is skipped. */
export function isDataFile(name: string): boolean {
  return /\.json(\.gz)?$/i.test(name) && !isHidden(name);
}

/** Hadoop's hidden names (`_SUCCESS`, `.DS_Store`, macOS `._x.json`, `_temporary/`): Spark never lists them
 *  as input, so no engine reads them. */
export function isHidden(name: string): boolean {
  return name.startsWith('.') || name.startsWith('_');
}

/** Every data file below root/folder, at any depth, in a stable (sorted) order. Empty files are skipped. */
export async function listLocalSourceFiles(root: string, folder: string): Promise<SourceFile[]> {
  const files: SourceFile[] = [];
  async function walk(dir: string): Promise<void> {
    const entries = await fs.readdir(dir, { withFileTypes: true });
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!isHidden(entry.name)) await walk(full);
      } else if (entry.isFile() && isDataFile(entry.name)) {
        const { size } = await fs.stat(full);
        if (size > 0) {
          files.push({
            relPath: path.relative(root, full).split(path.sep).join('/'),
            size,
            localPath: full,
            read: () => fs.readFile(full),
          });
        }
      }
    }
  }
  await walk(path.join(root, folder));
  return sortByRelPath(files);
}

/** The stable order of input files (by code point, not locale), the same for every lister. */
export function sortByRelPath<T extends { relPath: string }>(files: T[]): T[] {
  return files.sort((a, b) => (a.relPath < b.relPath ? -1 : a.relPath > b.relPath ? 1 : 0));
}
