import * as fs from 'node:fs';
import * as os from 'node:os';
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
  ['lake-log'],
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

/**
 * Imports of an engine's folder (src/engines/<name>/) that a file outside src/engines/ may keep, by
 * "file → target" (paths under src/), each with its reason. Everything else reaches engines through the registry.
 */
const ENGINE_IMPORTS_ALLOWED: Record<string, string> = {};

/**
 * Every import from outside src/engines/ that reaches into an engine's folder (an engine, or what the engines share:
 * aws, aws-cost, spark-step) rather than through src/engines/registry.ts, as "file imports specifier".
 */
export function enginesBypassingRegistry(srcDir: string): string[] {
  const problems: string[] = [];
  for (const file of sourceFiles(srcDir).filter((f) => !f.startsWith('engines/'))) {
    for (const specifier of importsOf(fs.readFileSync(path.join(srcDir, file), 'utf8'))) {
      const target = path.posix.relative('', path.posix.join(path.posix.dirname(file), specifier));
      if (!target.startsWith('engines/') || target === 'engines/registry' || target === 'engines/registry.ts') continue;
      if (`${file} → ${target}` in ENGINE_IMPORTS_ALLOWED) continue;
      problems.push(`src/${file} imports '${specifier}' (src/${target}): reach engines through src/engines/registry.ts`);
    }
  }
  return problems;
}

describe('architecture', () => {
  it('every import in src/ points down the layers', () => {
    expect(backwardsImports(SRC)).toEqual([]);
  });

  it('outside src/engines/, engines are reached only through the registry', () => {
    expect(enginesBypassingRegistry(SRC)).toEqual([]);
  });

  it('the registry check catches an import of an engine folder and lets the registry through', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arch-'));
    try {
      fs.mkdirSync(path.join(dir, 'engines', 'emr'), { recursive: true });
      fs.mkdirSync(path.join(dir, 'notebooks'));
      fs.writeFileSync(path.join(dir, 'engines', 'registry.ts'), "import { emrAdapter } from './emr/emr-adapter';\n");
      fs.writeFileSync(path.join(dir, 'engines', 'emr', 'emr-adapter.ts'), 'export const emrAdapter = {};\n');
      fs.writeFileSync(path.join(dir, 'notebooks', 'ok.ts'), "import { createEngine } from '../engines/registry';\n");
      fs.writeFileSync(path.join(dir, 'notebooks', 'bad.ts'), "import { EmrEngine } from '../engines/emr/emr-engine';\n");
      expect(enginesBypassingRegistry(dir)).toEqual([
        "src/notebooks/bad.ts imports '../engines/emr/emr-engine' (src/engines/emr/emr-engine): reach engines through src/engines/registry.ts",
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('every unit of src/ has a layer', () => {
    const units = new Set(sourceFiles(SRC).map(unitOf));
    for (const unit of units) expect(() => layerOf(unit)).not.toThrow();
  });
});
