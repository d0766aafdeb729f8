// The committed notebooks, exported to HTML with nbconvert and opened in real headless Chromium: every chart output
// shows its image, drawn (non-blank), with no console errors. Screenshots are kept for a person to look at.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../src/charts/render-png';
import { PLOTLY_MIME } from '../src/notebooks/show';
import { REPO, tempDir } from './helpers';

const NOTEBOOKS = fs.readdirSync(path.join(REPO, 'notebooks')).filter((f) => /^\d.*\.ipynb$/.test(f)).sort();
const htmlDir = tempDir('sparkify-notebook-html-');
let browser: Awaited<ReturnType<typeof launchChromium>>;

/** Chart outputs of a notebook, counted from its JSON independently of the HTML. */
function chartOutputs(file: string): number {
  const nb = JSON.parse(fs.readFileSync(path.join(REPO, 'notebooks', file), 'utf8'));
  return nb.cells.flatMap((c: any) => c.outputs ?? []).filter((o: any) => o.data?.[PLOTLY_MIME] && o.data?.['image/png']).length;
}

beforeAll(async () => {
  execFileSync(path.join(REPO, '.venv', 'bin', 'jupyter'), ['nbconvert', '--to', 'html', '--output-dir', htmlDir, ...NOTEBOOKS.map((f) => path.join(REPO, 'notebooks', f))], {
    stdio: 'pipe',
  });
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
});

describe('notebooks exported to HTML, in headless Chromium', () => {
  it('has six numbered notebooks, each with at least one chart', () => {
    expect(NOTEBOOKS).toEqual(['01-extraction.ipynb', '02-schema-fixes.ipynb', '03-modeling.ipynb', '04-writing.ipynb', '05-analysis.ipynb', '06-at-scale.ipynb']);
    for (const nb of NOTEBOOKS) expect(chartOutputs(nb), nb).toBeGreaterThanOrEqual(1);
  });

  it.each(NOTEBOOKS)('%s shows every chart, drawn, without console errors', async (file) => {
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    // Only the local file: nbconvert's template links to a CDN (MathJax, require.js) we neither need nor reach.
    await page.route(/^https?:/, (route) => route.abort());
    const html = path.join(htmlDir, file.replace(/\.ipynb$/, '.html'));
    await page.goto(`file://${html}`);
    const images = await page.$$eval('.jp-OutputArea-output img[src^="data:image/png"]', (imgs) =>
      imgs.map((img) => {
        const el = img as any;
        // A drawn chart has many distinct colours; a blank or broken image has one or none.
        const canvas = (globalThis as any).document.createElement('canvas');
        canvas.width = el.naturalWidth;
        canvas.height = el.naturalHeight;
        const ctx = canvas.getContext('2d');
        ctx.drawImage(el, 0, 0);
        const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
        const colours = new Set<number>();
        for (let i = 0; i < data.length; i += 4 * 7) colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
        return { width: el.naturalWidth, height: el.naturalHeight, colours: colours.size, visible: el.getBoundingClientRect().width > 0 };
      }),
    );
    await page.screenshot({ path: path.join(htmlDir, file.replace(/\.ipynb$/, '.png')), fullPage: true });
    await page.close();
    expect(images.length).toBe(chartOutputs(file));
    for (const image of images) {
      expect(image.visible).toBe(true);
      expect(image.width).toBeGreaterThan(300);
      expect(image.colours).toBeGreaterThan(5);
    }
    // Aborted CDN requests log "Failed to load resource": not the page's fault.
    expect(errors.filter((e) => !/Failed to load resource|net::ERR_FAILED/.test(e))).toEqual([]);
    console.log(`screenshot: ${path.join(htmlDir, file.replace(/\.ipynb$/, '.png'))}`);
  }, 60_000);
});
