// Every notebook run top to bottom from the JupyterLab UI (menu Run → Run All Cells), as a newcomer does after
// `npm run lab`: real JupyterLab from .venv with the project's tslab kernel and the kernel environment `npm run lab`
// gives it (scripts/notebook-env.js), in headless Chromium; then saved, and its checked outputs compared with the
// committed ones as `npm run notebooks` compares them: a Lab run that changed nothing leaves the regression green.
// Copies of the notebooks run in a scratch folder laid out like the repo (dist/, data/, node_modules/ linked), so
// Lab's autosave can never touch the committed files.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import * as os from 'node:os';
import { PLOTLY_MIME } from '../src/notebooks/show';
import { checkedDifferences } from '../src/notebooks/runner/compare';
import { artifactPath, launchChromium } from './browser';
import { REPO, tempDir } from './helpers';
import { startJupyterLab, type LabServer } from './jupyter-lab';

const NOTEBOOKS = fs.readdirSync(path.join(REPO, 'notebooks')).filter((f) => f.endsWith('.ipynb')).sort();
// eslint-disable-next-line @typescript-eslint/no-require-imports -- scripts/ is plain CommonJS, shared with npm run lab
const { startNotebookEnv, withEnv } = require(path.join(REPO, 'scripts', 'notebook-env.js')) as {
  startNotebookEnv(): Promise<{ env: Record<string, string | undefined>; stop(): Promise<void> }>;
  withEnv(base: NodeJS.ProcessEnv, env: Record<string, string | undefined>): NodeJS.ProcessEnv;
};
let lab: LabServer;
let browser: BrowserContext;
let kernelEnv: { stop(): Promise<void> } | undefined;
let scratch: string;

/**
 * A folder shaped like the repo, with copies of the notebooks: their `../dist` and `../data/sample` resolve. dist/
 * and package.json are copies, not links, so the kit finds its root here (it looks for package.json above its own
 * files, links resolved) and names its files from the notebook as in a checkout (`../src/…`); the rest is linked.
 */
function scratchRepo(): string {
  const root = tempDir('sparkify-lab-run-all-');
  fs.mkdirSync(path.join(root, 'notebooks'));
  for (const nb of NOTEBOOKS) fs.copyFileSync(path.join(REPO, 'notebooks', nb), path.join(root, 'notebooks', nb));
  fs.cpSync(path.join(REPO, 'dist'), path.join(root, 'dist'), { recursive: true });
  fs.copyFileSync(path.join(REPO, 'package.json'), path.join(root, 'package.json'));
  for (const dir of ['data', 'bench', 'node_modules', 'src', 'scripts', 'python', '.venv']) fs.symlinkSync(path.join(REPO, dir), path.join(root, dir));
  return root;
}

beforeAll(async () => {
  const notebookEnv = await startNotebookEnv();
  kernelEnv = notebookEnv;
  scratch = scratchRepo();
  lab = await startJupyterLab(path.join(scratch, 'notebooks'), withEnv(process.env, notebookEnv.env));
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await lab?.stop();
  await kernelEnv?.stop();
});

describe('JupyterLab: Run All on every notebook', () => {
  it.each(NOTEBOOKS)('%s runs to the end with no error output, draws every chart, and saves the committed checked outputs', async (notebook) => {
    const committed = JSON.parse(fs.readFileSync(path.join(REPO, 'notebooks', notebook), 'utf8'));
    const codeCells = committed.cells.filter((c: any) => c.cell_type === 'code').length;
    const charts = committed.cells.flatMap((c: any) => c.outputs ?? []).filter((o: any) => o.data?.[PLOTLY_MIME]).length;

    const page = await browser.newPage();
    const consoleErrors: string[] = [];
    page.on('pageerror', (err) => consoleErrors.push(err.message));
    try {
      await page.setViewportSize({ width: 1400, height: 1000 });
      await page.goto(`${lab.base}/lab/tree/${notebook}?reset&token=${lab.token}`);
      // The kernel must be up before Run All, or Lab asks which kernel to start instead of running.
      const kernelIdle = () => page.waitForFunction(() => /TypeScript \(tslab\) \| Idle/.test((globalThis as any).document.querySelector('.jp-StatusBar-Widget, #jp-main-statusbar')?.textContent ?? ''), null, { timeout: 120_000, polling: 500 });
      await kernelIdle();
      // Clear the committed outputs first, so every output counted below is this run's.
      await page.click('.lm-MenuBar-itemLabel:text-is("Edit")');
      await page.click('.lm-Menu-itemLabel:text-is("Clear Outputs of All Cells")');
      const prompts = () => page.$$eval('.jp-CodeCell .jp-InputPrompt', (els) => els.map((p) => (p.textContent ?? '').trim()));
      await page.waitForFunction(() => (globalThis as any).document.querySelectorAll('.jp-CodeCell .jp-OutputArea-output').length === 0, null, { timeout: 10_000 });
      await page.click('.lm-MenuBar-itemLabel:text-is("Run")');
      await page.click('.lm-Menu-itemLabel:text-is("Run All Cells")');
      // Done when every code cell shows an execution count ("[12]:"), none pending ("[*]:"), and the kernel is idle;
      // or at the first error output, after which Lab runs no further cell.
      await page.waitForFunction(
        (n) => {
          if ((globalThis as any).document.querySelector('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')) return true;
          const shown = [...(globalThis as any).document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')].map((p) => p.textContent ?? '');
          return shown.length === n && shown.every((p) => /\[\d+\]/.test(p));
        },
        codeCells,
        // 06 runs a local spark-submit: a minute alone, several on a loaded machine.
        { timeout: 600_000, polling: 1000 },
      );
      const errors = await page.$$eval('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]', (els) => els.map((e) => e.textContent ?? ''));
      expect(errors, `error output in ${notebook}`).toEqual([]);
      await kernelIdle();
      expect(await prompts(), `execution counts in ${notebook}`).toEqual(Array.from({ length: codeCells }, (_, i) => `[${i + 1}]:`));
      await page.waitForFunction((n) => (globalThis as any).document.querySelectorAll('.jp-RenderedPlotly').length >= n, charts, { timeout: 60_000 });
      const drawn = await page.$$eval('.jp-RenderedPlotly', (els) => els.filter((e) => e.querySelector('img.plot-img, svg.main-svg')).length);
      expect(drawn, `charts drawn in ${notebook}`).toBe(charts);
      await page.screenshot({ path: artifactPath(`lab-run-all-${notebook.replace('.ipynb', '')}.png`), fullPage: false });
      expect(consoleErrors, `page errors in ${notebook}`).toEqual([]);
      // Saved as a user saves it, the notebook's checked outputs are the committed ones: `npm run notebooks` stays green.
      const saved = path.join(scratch, 'notebooks', notebook);
      const savedCounts = () => {
        const cells = JSON.parse(fs.readFileSync(saved, 'utf8')).cells.filter((c: any) => c.cell_type === 'code');
        return cells.every((c: any) => typeof c.execution_count === 'number');
      };
      await page.keyboard.press('Control+s');
      await expect.poll(savedCounts, { timeout: 30_000, interval: 500 }).toBe(true);
      const differences = checkedDifferences(committed, JSON.parse(fs.readFileSync(saved, 'utf8')), notebook, [scratch, REPO, os.tmpdir()]);
      expect(differences.map((d) => d.text), `checked outputs of ${notebook} after a Lab run`).toEqual([]);
    } finally {
      await page.close();
    }
  }, 720_000);
});
