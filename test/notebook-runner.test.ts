// The notebook regression check: `npm run notebooks` executes every notebook on the real tslab kernel (nbclient)
// and compares the cells tagged `check` with the committed outputs. These tests run it for real.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareCheckedOutputs } from '../src/notebooks/runner/compare';
import { normalize, type NotebookJson } from '../src/notebooks/runner/checked-outputs';
import { barChart } from '../src/charts/figure';
import { PLOTLY_MIME } from '../src/notebooks/show';
import { REPO, tempDir } from './helpers';

function runner(args: string[]) {
  const r = spawnSync(process.execPath, [path.join(REPO, 'scripts', 'notebooks.js'), ...args], { encoding: 'utf8', cwd: REPO });
  return { code: r.status, stderr: r.stderr };
}

const notebook = (outputs: string[], tags = ['check']): NotebookJson => ({
  cells: outputs.map((text) => ({ cell_type: 'code', source: 'printTable(x)', metadata: { tags }, outputs: [{ output_type: 'stream', name: 'stdout', text }] })),
});

describe('checked outputs', () => {
  it('agree when only volatile text differs (temp paths, run ids, timings, trailing blanks)', () => {
    const a = notebook(['wrote /tmp/sparkify-notebook-lake-abc123/songplays in 1.2s  \n']);
    const b = notebook(['wrote /tmp/sparkify-notebook-lake-zz9/songplays in 35 ms\n']);
    expect(compareCheckedOutputs(a, b, 'x.ipynb')).toEqual([]);
    expect(normalize('at /work/repo/notebooks/x', ['/work/repo'])).toBe('at <root>/notebooks/x');
    // A run's folder inside a Delta table is named after the run id, new every run.
    expect(normalize('songplays/20261130T122911880Z-bc6e83/year=2018/month=11/part-00000.snappy.parquet')).toBe(
      'songplays/<run>/year=2018/month=11/part-00000.snappy.parquet',
    );
  });

  it('report a changed count as a unified diff naming the cell', () => {
    const [problem] = compareCheckedOutputs(notebook(['a\nusers 97\nb\n']), notebook(['a\nusers 98\nb\n']), 'x.ipynb');
    expect(problem).toContain('x.ipynb, code cell 1');
    expect(problem).toContain('-users 97');
    expect(problem).toContain('+users 98');
    expect(problem).toContain(' a');
  });

  it('compare every chart by its figure: a moved bar is a diff naming the point, the image is not compared', () => {
    const chart = (y: number[], png: string): NotebookJson => ({
      cells: [{ cell_type: 'code', source: 'await show(barChart(…))', metadata: {}, outputs: [{
        output_type: 'display_data',
        data: { [PLOTLY_MIME]: barChart('Plays by hour', [0, 1], [{ name: 'plays', values: y }], { x: 'hour', y: 'plays' }), 'image/png': png, 'text/plain': '<chart>' },
      }] }],
    });
    expect(compareCheckedOutputs(chart([5, 7], 'AAA'), chart([5, 7], 'BBB'), 'x.ipynb')).toEqual([]);
    const [problem] = compareCheckedOutputs(chart([5, 7], 'AAA'), chart([5, 8], 'AAA'), 'x.ipynb');
    expect(problem).toContain(' x axis: hour · y axis: plays');
    expect(problem).toContain('-  1 → 7');
    expect(problem).toContain('+  1 → 8');
  });

  it('ignore cells not tagged check', () => {
    expect(compareCheckedOutputs(notebook(['1\n'], []), notebook(['2\n'], []), 'x.ipynb')).toEqual([]);
  });
});

describe('npm run notebooks (real Jupyter, real tslab)', () => {
  it('executes every committed notebook and its checked outputs match', () => {
    const r = runner([]);
    expect(r.stderr).not.toContain('FAIL');
    for (const nb of fs.readdirSync(path.join(REPO, 'notebooks')).filter((f) => f.endsWith('.ipynb'))) {
      expect(r.stderr).toMatch(new RegExp(`^ok ${nb.replace('.', '\\.')}`, 'm'));
    }
    expect(r.code).toBe(0);
    // 04 wrote its lake on the runner's local S3 server, not in a folder.
    expect(r.stderr).toMatch(/^local S3 server \(moto\) at http:\/\/127\.0\.0\.1:\d+ for this run/m);
    const writing = JSON.parse(fs.readFileSync(path.join(REPO, 'notebooks', '04-writing.ipynb'), 'utf8'));
    expect(JSON.stringify(writing)).toContain('the lake is s3://sparkify-notebooks/04-writing');
    // 06 runs a local spark-submit (a minute alone; several on a loaded machine), hence the long timeout.
  }, 1_800_000);

  it('fails with a diff when a checked result differs from the committed one', () => {
    // A committed notebook whose checked output says 287 logged-out events where the code computes 286: what the
    // check sees after a change in src alters that result.
    const dir = tempDir('sparkify-notebook-regression-');
    const original = JSON.parse(fs.readFileSync(path.join(REPO, 'notebooks', '02-schema-fixes.ipynb'), 'utf8'));
    const cell = original.cells.find((c: any) => c.metadata.tags?.includes('check') && c.source.join('').includes('emptyUserIdsRaw'));
    const stream = cell.outputs.find((o: any) => o.output_type === 'stream');
    const committed = stream.text.join('');
    const count = Number(/emptyUserIdsRaw: (\d+)/.exec(committed)![1]);
    stream.text = [committed.replace(`emptyUserIdsRaw: ${count}`, `emptyUserIdsRaw: ${count + 1}`)];
    const copy = path.join(dir, '02-schema-fixes.ipynb');
    fs.writeFileSync(copy, JSON.stringify(original));

    const r = runner([copy]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('FAIL 02-schema-fixes.ipynb: checked output differs');
    expect(r.stderr).toContain(`-  emptyUserIdsRaw: ${count + 1},`);
    expect(r.stderr).toContain(`+  emptyUserIdsRaw: ${count},`);
    expect(r.stderr).toContain('npm run notebooks -- --update');
  }, 300_000);

  it('fails when a cell raises, naming the cell and the error', () => {
    const dir = tempDir('sparkify-notebook-error-');
    const file = path.join(dir, '01-broken.ipynb');
    const nb = JSON.parse(fs.readFileSync(path.join(REPO, 'notebooks', '01-extraction.ipynb'), 'utf8'));
    nb.cells = [{ cell_type: 'code', id: 'boom', metadata: {}, execution_count: null, outputs: [], source: ["throw new Error('boom from a cell');"] }];
    fs.writeFileSync(file, JSON.stringify(nb));
    const r = runner([file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('FAIL 01-broken.ipynb: a cell raised an error');
    expect(r.stderr).toContain('boom from a cell');
  }, 120_000);

  it('takes parameters from the command line (a generated dataset) without comparing outputs', () => {
    const dir = tempDir('sparkify-notebook-params-');
    const file = path.join(dir, '03-modeling.ipynb');
    fs.copyFileSync(path.join(REPO, 'notebooks', '03-modeling.ipynb'), file);
    const generated = path.join(os.tmpdir(), 'sparkify-notebook-data-3000');
    fs.rmSync(generated, { recursive: true, force: true });
    const r = runner(['--generate', '3000', file]);
    // The parameter reached the kernel: the notebook generated its dataset and read it.
    expect(fs.readdirSync(path.join(generated, 'log_data'))).not.toHaveLength(0);
    expect(r.stderr).toContain('ran 03-modeling.ipynb');
    expect(r.stderr).toContain('outputs not compared: parameters overridden');
    expect(r.code).toBe(0);
  }, 300_000);

  it('rejects an unknown option in one line', () => {
    const r = runner(['--frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
