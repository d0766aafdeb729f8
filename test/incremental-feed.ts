import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect } from 'vitest';
import { runEtl } from '../src/run/etl';
import { kitRows } from './lake-readers';
import { tempDir } from './helpers';

/** Every data file below a folder, relative to it, sorted (the engines' order). */
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

/** Rewrites a delivered file with other content: a re-delivery the bookmark must notice (size and mtime change). */
export function redeliver(input: string, rel: string, extraLines: string[]): void {
  const file = path.join(input, rel);
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').trimEnd() + '\n' + extraLines.join('\n') + '\n');
}

export const incremental = (input: string, output: string, extra: { rematch?: boolean; engine?: string } = {}) =>
  runEtl({ input, output, incremental: true, ...extra });

/** Incremental runs over the batches in order, then one full run over the same final input: the two lakes must hold the same rows. */
export async function expectIncrementalEqualsFull(input: string, incrementalLake: string, engine = 'local'): Promise<void> {
  const full = tempDir('sparkify-full-');
  await runEtl({ input, output: full, engine });
  const [afterIncrements, afterFull] = [await kitRows(incrementalLake), await kitRows(full)];
  for (const table of Object.keys(afterFull)) {
    expect(afterIncrements[table].length, table).toBe(afterFull[table].length);
    expect(afterIncrements[table], table).toEqual(afterFull[table]);
  }
}

