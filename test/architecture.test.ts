import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from './helpers';

/**
 * The dependency rule of docs/architecture.md, checked on every import of src/**.ts: a module may import its own
 * folder and the layers below it, never a layer above. Folders that share a layer are independent of each other
 * (core knows nothing of storage, quality nothing of layout), except in the top layer, whose tools compose freely.
 * A "unit" is a folder directly under src/ (engines/<name> for an engine) or a file at src/'s root.
 */
const LAYERS: string[][] = [
  ['pool.ts', 'project-root.ts'],
  ['catalog', 'errors.ts', 'progress.ts', 'format.ts', 'generator'],
  ['models', 'parquet'],
  ['core', 'storage', 'delta'],
  ['ingest'],
  ['engines/spark-step'],
  ['engines/aws-cost'],
  ['engines/aws'],
  ['engines/local', 'engines/spark', 'engines/emr', 'engines/emr-serverless'],
  ['engines/registry.ts'],
  ['quality', 'layout'],
  ['table-format'],
  ['run', 'lake'],
  ['cli', 'report', 'notebooks', 'explore', 'charts', 'bench', 'present'],
];
const TOP_LAYER = LAYERS.length - 1;

const SRC = path.join(REPO, 'src');

/** The unit a path under src/ belongs to: `engines/<name>` for an engine's folder, else its first segment. */
export function unitOf(relPath: string): string {
  const parts = relPath.split('/');
  return parts[0] === 'engines' ? `engines/${parts[1]}` : parts[0];
}

function layerOf(unit: string): number {
  const layer = LAYERS.findIndex((units) => units.includes(unit));
  if (layer < 0) throw new Error(`src/${unit} is in no layer: add it to LAYERS in test/architecture.test.ts (and to docs/architecture.md)`);
  return layer;
}

function sourceFiles(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.ts'))
    .map((f) => f.split(path.sep).join('/'))
    .sort();
}

/** Relative module specifiers of a file: static imports and exports, import(), require(). */
function importsOf(text: string): string[] {
  const specifiers: string[] = [];
  const re = /(?:\bfrom\s+|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)'(\.{1,2}\/[^']+)'/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) specifiers.push(m[1]);
  return specifiers;
}

/** Every import in src/ that breaks the rule, as "file imports specifier (layer → layer)". */
export function backwardsImports(srcDir: string): string[] {
  const problems: string[] = [];
  for (const file of sourceFiles(srcDir)) {
    const from = unitOf(file);
    for (const specifier of importsOf(fs.readFileSync(path.join(srcDir, file), 'utf8'))) {
      const target = path.posix.relative('', path.posix.join(path.posix.dirname(file), specifier));
      // A module is a .ts file (its specifier has no extension); anything else (step_runner.py) is a file beside it.
      const to = unitOf(fs.existsSync(path.join(srcDir, `${target}.ts`)) ? `${target}.ts` : target);
      if (to === from) continue;
      const [a, b] = [layerOf(from), layerOf(to)];
      if (b > a || (b === a && a !== TOP_LAYER)) problems.push(`src/${file} imports '${specifier}' (${from}, layer ${a} → ${to}, layer ${b})`);
    }
  }
  return problems;
}

describe('architecture', () => {
  it('every import in src/ points down the layers', () => {
    expect(backwardsImports(SRC)).toEqual([]);
  });

  it('every unit of src/ has a layer', () => {
    const units = new Set(sourceFiles(SRC).map(unitOf));
    for (const unit of units) expect(() => layerOf(unit)).not.toThrow();
  });
});
