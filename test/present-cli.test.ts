// `npm run present` without a browser: how a notebook becomes slides (headings, tags, code shown or hidden, links),
// and what a bad request prints. The browser test (test/present.test.ts) draws the real decks.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readNotebook, type Notebook, type NotebookCell } from '../src/present/notebook-file';
import { outputBlock } from '../src/present/output-html';
import { planDeck, type DeckPlan } from '../src/present/slide-plan';
import { PLOTLY_MIME } from '../src/notebooks/show';
import { REPO, tempDir } from './helpers';

const md = (source: string): NotebookCell => ({ cell_type: 'markdown', source, metadata: {} });
const code = (source: string, outputs: NotebookCell['outputs'] = [], tags: string[] = []): NotebookCell => ({ cell_type: 'code', source, metadata: { tags }, outputs });
const stdout = (text: string) => ({ output_type: 'stream', name: 'stdout', text });
const notebook = (cells: NotebookCell[]): Notebook => ({ file: 'x.ipynb', name: 'x', cells, language: 'typescript' });

/** A plan as headings per stack and block kinds per slide, to compare whole. */
const shape = (plan: DeckPlan) => plan.stacks.map((s) => s.slides.map((sl) => `${sl.heading?.text ?? '-'}: ${sl.blocks.map((b) => b.kind).join(' ')}`));

function present(args: string[]) {
  const r = spawnSync(process.execPath, [path.join(REPO, 'scripts', 'present.js'), ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('planDeck: a notebook as slides', () => {
  const cells = [
    md('# Title\n\nIntro.\n\n## First\n\nText.'),
    code('const a = 1;', [stdout('a is 1\n')]),
    md('### Detail\n\n```sh\n# a comment, not a heading\n```'),
    code('show(chart)', [{ output_type: 'display_data', data: { [PLOTLY_MIME]: { data: [], layout: {} }, 'image/png': 'AAAA', 'text/plain': '<chart>' } }]),
    md('## Second\n\nSee [the next one](02-next.ipynb) and [a site](https://example.com/a.ipynb).'),
    code('printTable(rows)', [{ output_type: 'display_data', data: { 'text/html': '<table><tr><td>1</td></tr></table>', 'text/plain': '1' } }]),
  ];

  it('starts a slide at each #, ## (across) and ### (down), outside code fences', () => {
    const plan = planDeck(notebook(cells), { showCode: false });
    expect(plan.title).toBe('Title');
    // One chart, table, list or code per slide: the ### slide's fenced code, then its chart on the slide below ('-': continued).
    expect(shape(plan)).toEqual([['Title: markdown'], ['First: markdown output', 'Detail: code', '-: chart'], ['Second: markdown output']]);
  });

  it('hides code by default and shows it with showCode; tags hide or remove per cell', () => {
    expect(shape(planDeck(notebook(cells), { showCode: true }))[1]).toEqual(['First: markdown code output', 'Detail: code', '-: code chart']);
    const tagged = [md('## S'), code('shown()', [], ['show-input']), code('never()', [stdout('out\n')], ['hide-input']), code('quiet()', [stdout('x\n')], ['hide-output']), code('gone()', [stdout('y\n')], ['remove-cell'])];
    expect(shape(planDeck(notebook(tagged), { showCode: false }))).toEqual([['S: code output']]);
    expect(shape(planDeck(notebook(tagged), { showCode: true }))).toEqual([['S: code output', '-: code']]);
  });

  it('a slide, not a page: a short lead, long prose and the whole of what is shortened in the notes', () => {
    const sentence = (n: number) => `Sentence ${n} says something about the engines that a presenter would say aloud.`;
    const long = Array.from({ length: 8 }, (_, i) => sentence(i + 1)).join(' ');
    const item = (n: number) => `- **Point ${n}.** ${'A long explanation of the point, with detail the audience does not read. '.repeat(3)}`;
    const plan = planDeck(
      notebook([
        md(`## Paths\n\n${long}\n\nWhat differs:\n\n${[1, 2, 3, 4].map(item).join('\n')}`),
        code('log()', [stdout(Array.from({ length: 60 }, (_, i) => `line ${i + 1}`).join('\n'))]),
      ]),
      { showCode: false },
    );
    const [first, second] = plan.stacks[0].slides;
    expect(shape(plan)).toEqual([['Paths: markdown markdown', '-: output']]);
    // The lead that introduces the list; the long paragraph goes to the notes; the list shows its bold lead-ins.
    expect((first.blocks[0] as { html: string }).html).toBe('<p>What differs:</p>');
    expect((first.blocks[1] as { html: string }).html).toMatch(/^<ul class="headlines"><li><strong>Point 1\.<\/strong> A long explanation/);
    expect(first.notes.join('')).toContain('Sentence 8');
    expect(first.notes.join('')).toContain('<li><strong>Point 4.</strong>');
    // 60 lines of output: the first 10 and how many more; the whole in the notes.
    expect(second.continues).toBe('Paths');
    expect((second.blocks[0] as { html: string }).html).toContain('line 10</pre>');
    expect((second.blocks[0] as { html: string }).html).not.toContain('line 11');
    expect((second.blocks[0] as { html: string }).html).toContain('… 50 more lines, full text in the notes');
    expect(second.notes.join('')).toContain('line 60');
  });

  it('links to a sibling notebook point at its deck; other links stay', () => {
    const html = planDeck(notebook(cells), { showCode: false }).stacks[2].slides[0].blocks[0];
    expect(html).toMatchObject({ kind: 'markdown' });
    expect((html as { html: string }).html).toContain('href="02-next.slides.html"');
    expect((html as { html: string }).html).toContain('href="https://example.com/a.ipynb"');
  });

  it('plans every committed notebook with all its charts and headings', () => {
    for (const file of fs.readdirSync(path.join(REPO, 'notebooks')).filter((f) => f.endsWith('.ipynb'))) {
      const nb = readNotebook(path.join(REPO, 'notebooks', file));
      const plan = planDeck(nb, { showCode: false });
      const charts = nb.cells.flatMap((c) => c.outputs ?? []).filter((o) => o.data?.[PLOTLY_MIME]).length;
      expect(plan.stacks.flatMap((s) => s.slides).flatMap((s) => s.blocks).filter((b) => b.kind === 'chart').length, file).toBe(charts);
      expect(plan.stacks.flatMap((s) => s.slides).every((s) => s.heading || s.continues), `${file}: every slide has a heading or continues one`).toBe(true);
    }
  });
});

describe('outputBlock: what a slide shows for an output', () => {
  it('prefers the chart, then HTML, then images, then text; escapes text and drops terminal colours', () => {
    const figure = { data: [{ type: 'bar' }], layout: {} };
    expect(outputBlock({ output_type: 'display_data', data: { [PLOTLY_MIME]: figure, 'image/png': 'AAAA', 'text/html': '<b>x</b>' } })).toEqual({ kind: 'chart', figure, png: 'AAAA' });
    expect(outputBlock({ output_type: 'execute_result', data: { 'text/html': ['<table>', '</table>'], 'text/plain': 'x' } })).toEqual({ kind: 'html', html: '<div class="output-html"><table></table></div>' });
    expect(outputBlock({ output_type: 'display_data', data: { 'image/png': 'AA\nAA\n', 'text/plain': 'x' } })).toMatchObject({ html: expect.stringContaining('src="data:image/png;base64,AAAA"') });
    expect(outputBlock({ output_type: 'execute_result', data: { 'text/plain': '<1 & 2>' } })).toEqual({ kind: 'html', html: '<pre class="output-text">&lt;1 &amp; 2&gt;</pre>' });
    expect(outputBlock({ output_type: 'stream', name: 'stderr', text: ['warn', 'ing\n'] })).toEqual({ kind: 'html', html: '<pre class="output-text output-stderr">warning</pre>' });
    expect(outputBlock({ output_type: 'error', ename: 'Error', evalue: 'boom', traceback: ['\u001b[31mError: boom\u001b[0m', '    at x'] })).toEqual({
      kind: 'html',
      html: '<pre class="output-text output-error">Error: boom\n    at x</pre>',
    });
    expect(outputBlock({ output_type: 'stream', name: 'stdout', text: '\n' })).toBeNull();
  });
});

describe('npm run present: bad requests', () => {
  const dir = tempDir('sparkify-present-cli-');
  fs.writeFileSync(path.join(dir, 'broken.ipynb'), '{"cells": [');
  fs.writeFileSync(path.join(dir, 'other.ipynb'), '{"hello": 1}');

  it.each([
    [['missing.ipynb'], /^present: no such notebook: .*missing\.ipynb$/],
    [[path.join(dir, 'broken.ipynb')], /^present: not a notebook \(invalid JSON: .*\): .*broken\.ipynb$/],
    [[path.join(dir, 'other.ipynb')], /^present: not an nbformat 4 notebook .*other\.ipynb$/],
    [['README.md'], /^present: not a notebook \(expected a \.ipynb file\): README\.md$/],
    [['--to', 'pdf'], /^present: --to takes slides, html or slides,html, not "pdf"$/],
    [['--out'], /^present: --out needs a value/],
    [['--shw-code'], /^present: unknown option --shw-code/],
  ])('%j: one line, exit 2', (args, message) => {
    const r = present(args as string[]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr.trim()).toMatch(message);
  });

  it('writes nothing when one of the notebooks is bad: the previous decks stay as they were', () => {
    const out = tempDir('sparkify-present-out-');
    const good = path.join(REPO, 'notebooks', '03-modeling.ipynb');
    expect(present([good, '--out', out]).code).toBe(0);
    const deck = path.join(out, '03-modeling.slides.html');
    const before = fs.readFileSync(deck);
    fs.writeFileSync(deck, 'previous deck');
    const r = present([good, 'missing.ipynb', '--out', out]);
    expect(r.code).toBe(2);
    expect(fs.readFileSync(deck, 'utf8')).toBe('previous deck');
    expect(fs.readdirSync(out)).toEqual(['03-modeling.slides.html']);
    expect(before.length).toBeGreaterThan(1_000_000); // reveal.js, the theme and plotly.js are inline
  });

  it('--help prints the usage', () => {
    const r = present(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^usage: npm run present/);
  });
});
