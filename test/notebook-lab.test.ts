// A committed notebook opened in real JupyterLab (the project's .venv) in headless Chromium: its charts go to the
// Plotly renderer (jupyterlab-plotly), which shows the static PNG first and draws the interactive figure on hover.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../src/charts/render-png';
import { PLOTLY_MIME } from '../src/notebooks/show';
import { REPO } from './helpers';
import { startJupyterLab, type LabServer } from './jupyter-lab';

const NOTEBOOK = '01-extraction.ipynb';
let lab: LabServer;
let url = '';

beforeAll(async () => {
  lab = await startJupyterLab(path.join(REPO, 'notebooks'));
  url = `${lab.base}/lab/tree/${NOTEBOOK}?reset&token=${lab.token}`;
}, 120_000);

afterAll(async () => {
  await lab?.stop();
});

describe('notebooks in JupyterLab', () => {
  it('draws each chart with the Plotly renderer: the PNG at once, the interactive figure on hover', async () => {
    const nb = JSON.parse(fs.readFileSync(path.join(REPO, 'notebooks', NOTEBOOK), 'utf8'));
    const charts = nb.cells.flatMap((c: any) => c.outputs ?? []).filter((o: any) => o.data?.[PLOTLY_MIME]).length;
    const browser = await launchChromium();
    try {
      const page = await browser.context.newPage();
      await page.setViewportSize({ width: 1400, height: 1000 });
      await page.goto(url);
      await page.waitForFunction((n) => (globalThis as any).document.querySelectorAll('.jp-RenderedPlotly img.plot-img').length >= n, charts, { timeout: 60_000 });
      await page.dispatchEvent('.jp-RenderedPlotly img.plot-img', 'mouseenter');
      await page.waitForSelector('.jp-RenderedPlotly .plot-container svg.main-svg', { state: 'attached', timeout: 30_000 });
      const drawn = await page.$$eval('.jp-RenderedPlotly .plot-container svg.main-svg .plot .point, .jp-RenderedPlotly .plot-container svg.main-svg .bars path', (els) => els.length);
      expect(drawn).toBeGreaterThan(0);
    } finally {
      await browser.close();
    }
  }, 150_000);
});
