// Committed notebooks (and the decks built from them) name nothing of the machine that ran them: no absolute path,
// no user name, no temp folder. Paths in the checkout are shown relative to the notebook (`../data/sample`), temp
// folders as `<tmp>/…` (src/notebooks/shown-paths.ts); the regression's normalization would hide them, so this
// test reads the files themselves.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { shownPaths } from '../src/notebooks/shown-paths';
import { PROJECT_ROOT } from '../src/project-root';
import { REPO, tempDir } from './helpers';

/** Account names that are words too (and `root`'s home, /root, is checked as a path): not searched for as a word. */
const GENERIC_USERS = new Set(['root', 'user', 'admin', 'runner', 'node', 'jovyan', 'ubuntu', 'debian']);

/** A temp folder's name as mkdtemp makes it: a prefix, a dash, six random letters and digits (not a plain word or number). */
const TEMP_NAME = /\b(?:sparkify|tmp)(?:-[a-z0-9]+)*-([A-Za-z0-9]{6})(?![A-Za-z0-9-])/g;

/** What in `text` names this machine: one description per find, empty when none. */
export function machineSpecific(text: string, extra: string[] = []): string[] {
  const found: string[] = [];
  const patterns: Array<[RegExp, string]> = [
    [/(?<![\w.<])\/(?:work|home|tmp|Users|root|var\/folders|private\/var|mnt|opt\/buildhome)\//g, 'absolute path'],
    [/\b[A-Za-z]:\\\\?[A-Za-z]/g, 'Windows path'],
  ];
  for (const [re, what] of patterns) for (const m of text.matchAll(re)) found.push(`${what}: ${text.slice(Math.max(0, m.index! - 30), m.index! + 50)}`);
  for (const m of text.matchAll(TEMP_NAME)) {
    if (!/^[a-z]+$/.test(m[1]) && !/^\d+$/.test(m[1])) found.push(`temp folder name: ${m[0]}`);
  }
  for (const literal of extra.filter((s) => s.length > 1)) if (text.includes(literal)) found.push(`this machine's ${literal}`);
  const user = os.userInfo().username;
  if (user.length >= 3 && !GENERIC_USERS.has(user) && new RegExp(`\\b${user.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`).test(text)) found.push(`user name ${user}`);
  return found;
}

/** This machine's own folders, whatever they are called here. */
const MACHINE_FOLDERS = [PROJECT_ROOT, os.homedir(), os.tmpdir(), fs.realpathSync(os.tmpdir())].filter((p) => p !== '/' && p.length > 1);

const joined = (v: unknown) => (Array.isArray(v) ? v.join('') : typeof v === 'string' ? v : v === undefined ? '' : JSON.stringify(v));

/** A notebook's text as committed: every cell's source and every output but images (base64 pixels). */
function notebookText(file: string): Array<{ where: string; text: string }> {
  const nb = JSON.parse(fs.readFileSync(file, 'utf8'));
  const parts: Array<{ where: string; text: string }> = [];
  nb.cells.forEach((cell: any, i: number) => {
    parts.push({ where: `cell ${i + 1} source`, text: joined(cell.source) });
    for (const o of cell.outputs ?? []) {
      const data = Object.entries(o.data ?? {}).filter(([mime]) => !mime.startsWith('image/')).map(([, v]) => joined(v));
      parts.push({ where: `cell ${i + 1} output`, text: [joined(o.text), joined(o.evalue), joined(o.traceback), ...data].join('\n') });
    }
  });
  parts.push({ where: 'metadata', text: JSON.stringify(nb.metadata ?? {}) });
  return parts;
}

const NOTEBOOKS = fs.readdirSync(path.join(REPO, 'notebooks')).filter((f) => f.endsWith('.ipynb')).sort();

describe('machine-specific text', () => {
  it('is found: absolute paths, temp folder names, this machine\'s folders', () => {
    expect(machineSpecific('run: /work/main/data/sample -> /tmp/sparkify-notebook-spark-8uWtuZ')).toHaveLength(3);
    expect(machineSpecific('spec <tmp>/sparkify-spark-ZXJ53K/job-spec.json')).toHaveLength(1);
    expect(machineSpecific('C:\\Users\\ana\\lake')).not.toHaveLength(0);
    expect(machineSpecific('/Users/ana/x')).not.toHaveLength(0);
    expect(machineSpecific('at /srv/checkout/notebooks', ['/srv/checkout'])).toHaveLength(1);
    // What the notebooks show instead, and text that only looks like it.
    expect(machineSpecific('run: ../data/sample -> <tmp>/sparkify-notebook-spark-… on the spark engine')).toEqual([]);
    expect(machineSpecific('spec <tmp>/sparkify-spark-…/job-spec.json; s3://YOUR-CODE-BUCKET/sparkify/runs/20261130T154411849Z-f37353/spec.json')).toEqual([]);
    expect(machineSpecific('sparkify-etl-20261130T154411849Z-f37353 created-by=sparkify-lake-kit s3://sparkify-notebooks/04-writing ../src/x')).toEqual([]);
  });

  it('shownPaths writes a checkout path relative to the notebook and a temp folder as <tmp>/…', () => {
    const notebooks = path.join(PROJECT_ROOT, 'notebooks');
    const tmp = os.tmpdir();
    expect(shownPaths(`run x: ${PROJECT_ROOT}/data/sample -> ${tmp}/sparkify-notebook-spark-8uWtuZ on spark`, notebooks)).toBe(
      'run x: ../data/sample -> <tmp>/sparkify-notebook-spark-… on spark',
    );
    expect(shownPaths(`spark: spec ${tmp}/sparkify-spark-ZXJ53K/job-spec.json: 2 sources`, notebooks)).toBe('spark: spec <tmp>/sparkify-spark-…/job-spec.json: 2 sources');
    expect(shownPaths(`${tmp}/sparkify-notebook-data-20000/log_data`, notebooks)).toBe('<tmp>/sparkify-notebook-data-20000/log_data');
    expect(shownPaths(`${PROJECT_ROOT}-other/x`, notebooks)).toBe(`${PROJECT_ROOT}-other/x`);
    expect(machineSpecific(shownPaths(`${PROJECT_ROOT}/data/sample ${tmp}/sparkify-x-AbC123/y`, notebooks), MACHINE_FOLDERS)).toEqual([]);
  });

  for (const name of NOTEBOOKS) {
    it(`is in no committed notebook: ${name} (sources and outputs)`, () => {
      const finds = notebookText(path.join(REPO, 'notebooks', name)).flatMap(({ where, text }) =>
        machineSpecific(text, MACHINE_FOLDERS).map((f) => `${name} ${where}: ${f}`),
      );
      expect(finds).toEqual([]);
    });
  }

  // The decks are built from the committed outputs (nothing runs): built here into a temp folder when dist/ has
  // the presenter (npm test's pretest builds it), and searched for this machine's folders and temp folder names.
  // Their inlined libraries (reveal.js, plotly.js) are not the project's text, so the generic path patterns are
  // left to the notebook checks above. The data-docs page it writes beside them is searched too (it names the lake
  // relative to the repository).
  it.skipIf(!fs.existsSync(path.join(REPO, 'dist', 'present', 'main.js')))('is in no deck built from them', () => {
    const out = tempDir('sparkify-decks-');
    const r = spawnSync(process.execPath, [path.join(REPO, 'scripts', 'present.js'), '--out', out], { encoding: 'utf8', cwd: REPO });
    expect(r.status, r.stderr).toBe(0);
    const decks = fs.readdirSync(out).filter((f) => f.endsWith('.slides.html') || f === 'data-docs.html');
    expect(decks.length).toBeGreaterThan(1);
    expect(decks).toContain('data-docs.html');
    for (const deck of decks) {
      const html = fs.readFileSync(path.join(out, deck), 'utf8');
      const finds = MACHINE_FOLDERS.filter((p) => html.includes(p)).map((p) => `${deck}: ${p}`);
      for (const m of html.matchAll(/\bsparkify(?:-[a-z0-9]+)*-([A-Za-z0-9]{6})(?![A-Za-z0-9-])/g)) {
        if (!/^[a-z]+$/.test(m[1]) && !/^\d+$/.test(m[1])) finds.push(`${deck}: temp folder name ${m[0]}`);
      }
      expect(finds).toEqual([]);
    }
  }, 120_000);
});
