// JupyterLab and the headless regression run a notebook the same way (scripts/notebook-env.js, used by both), a
// regression failure says which cells differ and both ways out, and Spark is set up only when a run needs it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { differsAdvice, needsSpark } from '../src/notebooks/runner/run-notebooks';
import { checkedDifferences } from '../src/notebooks/runner/compare';
import { ensureSpark } from '../src/notebooks/spark-setup';
import { sparkMissing } from '../src/engines/spark/spark-install';
import type { NotebookJson } from '../src/notebooks/runner/checked-outputs';
import { REPO, tempDir } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- scripts/ is plain CommonJS, shared with npm run lab
const { notebookEnv, withEnv } = require(path.join(REPO, 'scripts', 'notebook-env.js')) as {
  notebookEnv(endpoint: string): Record<string, string | undefined>;
  withEnv(base: Record<string, string | undefined>, env: Record<string, string | undefined>): Record<string, string | undefined>;
};

describe('the kernel environment shared by Lab and the regression', () => {
  it('points AWS at the local stand-in with a fixed region and drops the caller\'s profile and notebook overrides', () => {
    const env = withEnv(
      { AWS_PROFILE: 'mine', AWS_SESSION_TOKEN: 't', AWS_REGION: 'eu-west-1', SPARKIFY_NB_INPUT: '/x', PATH: '/bin' },
      notebookEnv('http://127.0.0.1:5000'),
    );
    expect(env).toMatchObject({ AWS_ENDPOINT_URL: 'http://127.0.0.1:5000', AWS_REGION: 'us-east-1', AWS_DEFAULT_REGION: 'us-east-1', TZ: 'UTC', PATH: '/bin' });
    for (const key of ['AWS_PROFILE', 'AWS_SESSION_TOKEN', 'SPARKIFY_NB_INPUT']) expect(key in env).toBe(false);
  });

  it('is the one both launchers use', () => {
    expect(fs.readFileSync(path.join(REPO, 'scripts', 'lab.js'), 'utf8')).toContain("require('./notebook-env.js')");
    expect(fs.readFileSync(path.join(REPO, 'scripts', 'lab.sh'), 'utf8')).toContain('scripts/lab.js');
    expect(fs.readFileSync(path.join(REPO, 'src', 'notebooks', 'runner', 'run-notebooks.ts'), 'utf8')).toContain("'notebook-env.js'");
  });
});

describe('a notebook that differs from its committed outputs', () => {
  const nb = (text: string): NotebookJson => ({
    cells: [
      { cell_type: 'code', source: 'const x = 1;', outputs: [] },
      { cell_type: 'code', source: ['printTable(summary.tables);\n', 'more'], metadata: { tags: ['check'] }, outputs: [{ output_type: 'stream', name: 'stdout', text }] },
    ],
  });

  it('names each cell by number and first line, and offers restoring or updating that notebook', () => {
    const [d] = checkedDifferences(nb('users 97\n'), nb('users 98\n'), '04-writing.ipynb');
    expect(d).toMatchObject({ label: 'code cell 2', firstLine: 'printTable(summary.tables);' });
    const advice = differsAdvice(path.join(REPO, 'notebooks', '04-writing.ipynb'), [d]);
    expect(advice).toContain('notebooks/04-writing.ipynb: 1 checked cell differs from the committed outputs:');
    expect(advice).toContain('  code cell 2: printTable(summary.tables);');
    expect(advice).toContain('git checkout -- notebooks/04-writing.ipynb');
    expect(advice).toContain('npm run notebooks -- --update notebooks/04-writing.ipynb');
  });

  it('outside the checkout, offers only the update', () => {
    const advice = differsAdvice('/elsewhere/x.ipynb', [{ label: 'code cell 1', firstLine: 'a' }]);
    expect(advice).not.toContain('git checkout');
    expect(advice).toContain('npm run notebooks -- --update /elsewhere/x.ipynb');
  });
});

describe('Spark, set up when first needed', () => {
  it('is needed by a run of notebook 6 or with --engine spark, not by the others', () => {
    const nb = (n: string) => path.join(REPO, 'notebooks', n);
    expect(needsSpark({ update: false, notebooks: [nb('06-at-scale.ipynb')], env: {} })).toBe(true);
    expect(needsSpark({ update: false, notebooks: [nb('01-extraction.ipynb'), nb('04-writing.ipynb')], env: {} })).toBe(false);
    expect(needsSpark({ update: false, notebooks: [nb('04-writing.ipynb')], env: { SPARKIFY_NB_ENGINE: 'spark' } })).toBe(true);
  });

  it('says what is missing from a venv without it, and does not install into another venv', async () => {
    const venv = tempDir('sparkify-empty-venv-');
    expect(sparkMissing(venv)).toEqual(['pyspark', 'the s3a jars', 'the Delta jars']);
    const before = process.env.SPARKIFY_VENV;
    process.env.SPARKIFY_VENV = venv;
    try {
      await expect(ensureSpark()).rejects.toThrow(/SPARKIFY_VENV=.* lacks pyspark, the s3a jars, the Delta jars/);
    } finally {
      if (before === undefined) delete process.env.SPARKIFY_VENV;
      else process.env.SPARKIFY_VENV = before;
    }
  });

  it('npm run lab and npm run notebooks leave Spark out of the setup; npm test keeps it', () => {
    const scripts = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')).scripts;
    expect(scripts.lab).toContain('setup-python.sh --no-spark');
    expect(scripts.notebooks).toContain('setup-python.sh --no-spark');
    expect(scripts.pretest).toContain('npm run setup:python');
    expect(scripts['setup:python']).toBe('bash scripts/setup-python.sh');
  });
});
