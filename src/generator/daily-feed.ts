import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * A dataset delivered day by day, as Sparkify's app delivers its logs: what the incremental tests and the
 * incremental cost benchmark feed into a growing input folder.
 */

/** Every data file below a folder of a dataset, relative to the dataset, sorted (the engines' order). */
export function filesBelow(root: string, folder: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = path.posix.join(dir, entry.name);
      if (entry.isDirectory()) walk(rel);
      else if (entry.name.endsWith('.json')) out.push(rel);
    }
  };
  walk(folder);
  return out.sort();
}

/** Delivers files of a source dataset into a growing input folder, as a daily feed would. */
export function deliver(from: string, to: string, files: string[]): void {
  for (const rel of files) {
    fs.mkdirSync(path.dirname(path.join(to, rel)), { recursive: true });
    fs.copyFileSync(path.join(from, rel), path.join(to, rel));
  }
}
