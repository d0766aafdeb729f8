// Every notebook run top to bottom from the JupyterLab UI (menu Run → Run All Cells), as a newcomer does after
// `npm run lab`: real JupyterLab from .venv with the project's tslab kernel, in headless Chromium. Copies of the
// notebooks run in a scratch folder laid out like the repo (dist/, data/, node_modules/ linked), so Lab's autosave
// can never touch the committed files.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { PLOTLY_MIME } from '../src/notebooks/show';
import { artifactPath, launchChromium } from './browser';
import { REPO, tempDir } from './helpers';
import { startJupyterLab, type LabServer } from './jupyter-lab';

const NOTEBOOKS = fs.readdirSync(path.join(REPO, 'notebooks')).filter((f) => f.endsWith('.ipynb')).sort();
let lab: LabServer;
let browser: BrowserContext;

/** A folder shaped like the repo, with copies of the notebooks: their `../dist` and `../data/sample` resolve. */
function scratchRepo(): string {
  const root = tempDir('sparkify-lab-run-all-');
  fs.mkdirSync(path.join(root, 'notebooks'));
  for (const nb of NOTEBOOKS) fs.copyFileSync(path.join(REPO, 'notebooks', nb), path.join(root, 'notebooks', nb));
  for (const dir of ['dist', 'data', 'node_modules']) fs.symlinkSync(path.join(REPO, dir), path.join(root, dir));
  return root;
}

beforeAll(async () => {
  lab = await startJupyterLab(path.join(scratchRepo(), 'notebooks'));
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await lab?.stop();
});

describe('JupyterLab: Run All on every notebook', () => {
  it.each(NOTEBOOKS)('%s runs to the end with no error output and draws every chart', async (notebook) => {
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
      const kernelIdle = () => page.waitForFunction(() => /TypeScript \(tslab\) \| Idle/.test(document.querySelector('.jp-StatusBar-Widget, #jp-main-statusbar')?.textContent ?? ''), null, { timeout: 120_000, polling: 500 });
      await kernelIdle();
      // Clear the committed outputs first, so every output counted below is this run's.
      await page.click('.lm-MenuBar-itemLabel:text-is("Edit")');
      await page.click('.lm-Menu-itemLabel:text-is("Clear Outputs of All Cells")');
      const prompts = () => page.$$eval('.jp-CodeCell .jp-InputPrompt', (els) => els.map((p) => (p.textContent ?? '').trim()));
      await page.waitForFunction(() => document.querySelectorAll('.jp-CodeCell .jp-OutputArea-output').length === 0, null, { timeout: 10_000 });
      await page.click('.lm-MenuBar-itemLabel:text-is("Run")');
      await page.click('.lm-Menu-itemLabel:text-is("Run All Cells")');
      // Done when every code cell shows an execution count ("[12]:"), none pending ("[*]:"), and the kernel is idle;
      // or at the first error output, after which Lab runs no further cell.
      await page.waitForFunction(
        (n) => {
          if (document.querySelector('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')) return true;
          const shown = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')].map((p) => p.textContent ?? '');
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
      await page.waitForFunction((n) => document.querySelectorAll('.jp-RenderedPlotly').length >= n, charts, { timeout: 60_000 });
      const drawn = await page.$$eval('.jp-RenderedPlotly', (els) => els.filter((e) => e.querySelector('img.plot-img, svg.main-svg')).length);
      expect(drawn, `charts drawn in ${notebook}`).toBe(charts);
      await page.screenshot({ path: artifactPath(`lab-run-all-${notebook.replace('.ipynb', '')}.png`), fullPage: false });
      expect(consoleErrors, `page errors in ${notebook}`).toEqual([]);
    } finally {
      await page.close();
    }
  }, 720_000);
});
