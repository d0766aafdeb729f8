// A committed notebook opened in real JupyterLab (the project's .venv) in headless Chromium: its charts go to the
// Plotly renderer (jupyterlab-plotly), which shows the static PNG first and draws the interactive figure on hover.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../src/charts/render-png';
import { PLOTLY_MIME } from '../src/notebooks/show';
import { REPO, tempDir } from './helpers';

const NOTEBOOK = '01-extraction.ipynb';
let lab: ChildProcess;
let url = '';

beforeAll(async () => {
  const token = `test${process.pid}${Date.now()}`;
  lab = spawn(
    path.join(REPO, '.venv', 'bin', 'jupyter'),
    ['lab', '--no-browser', '--ip', '127.0.0.1', '--port', '0', `--IdentityProvider.token=${token}`, '--notebook-dir', path.join(REPO, 'notebooks'),
      `--LabApp.workspaces_dir=${tempDir('sparkify-lab-workspaces-')}`, ...(process.getuid?.() === 0 ? ['--allow-root'] : [])],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`JupyterLab did not start in 90 s:\n${log}`)), 90_000);
    lab.stderr!.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+)\/lab/.exec(log);
      if (m) {
        clearTimeout(timer);
        resolve(`${m[1]}/lab/tree/${NOTEBOOK}?reset&token=${token}`);
      }
    });
    lab.on('exit', (code) => reject(new Error(`JupyterLab exited (${code}):\n${log}`)));
  });
}, 120_000);

afterAll(async () => {
  if (!lab || lab.exitCode !== null) return;
  const exited = new Promise((resolve) => lab.once('exit', resolve));
  lab.kill('SIGTERM');
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
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
      await page.waitForFunction((n) => document.querySelectorAll('.jp-RenderedPlotly img.plot-img').length >= n, charts, { timeout: 60_000 });
      await page.dispatchEvent('.jp-RenderedPlotly img.plot-img', 'mouseenter');
      await page.waitForSelector('.jp-RenderedPlotly .plot-container svg.main-svg', { state: 'attached', timeout: 30_000 });
      const drawn = await page.$$eval('.jp-RenderedPlotly .plot-container svg.main-svg .plot .point, .jp-RenderedPlotly .plot-container svg.main-svg .bars path', (els) => els.length);
      expect(drawn).toBeGreaterThan(0);
    } finally {
      await browser.close();
    }
  }, 150_000);
});
