import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect } from 'vitest';
import { runEtl } from '../src/run/etl';
import { kitRows } from './lake-readers';
import { tempDir } from './helpers';

export { deliver, filesBelow } from '../src/generator/daily-feed';

/** Rewrites a delivered file with other content: a re-delivery the bookmark must notice (size and mtime change). */
export function redeliver(input: string, rel: string, extraLines: string[]): void {
  const file = path.join(input, rel);
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').trimEnd() + '\n' + extraLines.join('\n') + '\n');
}

export const incremental = (input: string, output: string, extra: { rematch?: boolean; rebuildAffected?: boolean; engine?: string } = {}) =>
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

