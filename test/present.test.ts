// `npm run present` end to end: the real command writes the decks and the HTML pages of the committed notebooks,
// and real headless Chromium opens each one offline (any request other than the file itself fails the test),
// walks every slide, checks every chart is drawn with its traces, that no slide overflows unseen, that hovering
// shows a label, and that nothing logs an error. Screenshots of every slide go to test-artifacts/present/.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactPath, launchChromium } from './browser';
import { REPO, tempDir } from './helpers';

const PLOTLY_MIME = 'application/vnd.plotly.v1+json';
const NOTEBOOKS = fs.readdirSync(path.join(REPO, 'notebooks')).filter((f) => f.endsWith('.ipynb')).sort();
const outDir = tempDir('sparkify-present-');
let context: BrowserContext;
/** Requests a page tried to make beyond its own file (none are allowed: the decks are offline). */
const requests: string[] = [];

function notebookJson(file: string): any {
  return JSON.parse(fs.readFileSync(path.join(REPO, 'notebooks', file), 'utf8'));
}

/** Chart outputs of a notebook, counted from its JSON independently of the deck. */
function chartOutputs(file: string): number {
  return notebookJson(file).cells.flatMap((c: any) => c.outputs ?? []).filter((o: any) => o.data?.[PLOTLY_MIME]).length;
}

/** The #, ## and ### headings of a notebook's markdown, as text (none of these notebooks fences a '#' line). */
function headings(file: string): string[] {
  return notebookJson(file)
    .cells.filter((c: any) => c.cell_type === 'markdown')
    .flatMap((c: any) => [].concat(c.source).join('').split('\n'))
    .filter((line: string) => /^#{1,3} /.test(line))
    .map((line: string) => line.replace(/^#+ /, '').replace(/[`*]/g, '').trim());
}

async function openOffline(file: string): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`file://${file}`);
  return { page, errors };
}

/** Every drawn chart inside `root`: its size, traces and drawn marks, and whether it lies inside the window. */
async function drawnCharts(page: Page, selector: string) {
  return page.$$eval(selector, (divs) =>
    divs.map((div) => {
      const r = div.getBoundingClientRect();
      const w = globalThis as any;
      return {
        svg: div.querySelectorAll('.main-svg').length,
        traces: div.querySelectorAll('g.trace, g.hm').length,
        // Bars and histograms draw .point paths, lines .js-line, a heatmap one image.
        marks: div.querySelectorAll('.point path, .js-line, .hm image').length,
        width: r.width,
        height: r.height,
        inside: r.left >= -1 && r.top >= -1 && r.right <= w.innerWidth + 1 && r.bottom <= w.innerHeight + 1,
      };
    }),
  );
}

/** Hovers the first bar or point of the first chart matched and returns the hover label's text. */
async function hoverLabel(page: Page, chartSelector: string): Promise<string> {
  const mark = page.locator(`${chartSelector} .point path`).first();
  const box = await mark.boundingBox();
  expect(box, 'a bar to hover').not.toBeNull();
  await page.mouse.move(box!.x + box!.width / 2, box!.y + Math.min(box!.height / 2, 10));
  const label = page.locator(`${chartSelector} .hoverlayer .hovertext`).first();
  await label.waitFor({ state: 'attached', timeout: 5000 });
  return (await label.textContent()) ?? '';
}

/** Shows every slide in turn, checks it fits and its charts are drawn, and screenshots it into shotDir. */
async function walkDeck(page: Page, shotDir: string): Promise<{ slides: Array<{ h: number; v: number }>; charts: number }> {
  fs.mkdirSync(shotDir, { recursive: true });
  const slides: Array<{ h: number; v: number }> = await page.evaluate(() =>
    (globalThis as any).Reveal.getSlides().map((s: unknown) => (globalThis as any).Reveal.getIndices(s)),
  );
  let charts = 0;
  for (const [i, { h, v }] of slides.entries()) {
    // The keys a presenter uses: space steps through every slide, down a section's slides, then on to the next.
    if (i > 0) await page.keyboard.press('Space');
    const at = await page.evaluate(() => (globalThis as any).Reveal.getIndices());
    expect({ h: at.h, v: at.v ?? 0 }, `space leads to slide ${i + 1}`).toEqual({ h, v: v ?? 0 });
    await page.waitForFunction(() => {
      const slide = (globalThis as any).Reveal.getCurrentSlide();
      return [...slide.querySelectorAll('.chart')].every((c: any) => c.dataset.state === 'drawn');
    });
    const fit = await page.evaluate(() => {
      const slide = (globalThis as any).Reveal.getCurrentSlide();
      const blocks = [...slide.querySelectorAll('.block')] as any[];
      const overflowing = blocks.filter((b) => b.scrollWidth > b.clientWidth + 1 || b.scrollHeight > b.clientHeight + 1);
      return {
        height: slide.offsetHeight,
        // A block wider or taller than its box must be a scroll box: it overflows visibly, not silently.
        silent: overflowing.filter((b) => {
          const style = (globalThis as any).getComputedStyle(b);
          const inner = b.querySelector('pre, .output-html');
          const scrolls = (s: any) => ['auto', 'scroll'].includes(s.overflowX) || ['auto', 'scroll'].includes(s.overflowY);
          return !scrolls(style) && !(inner && scrolls((globalThis as any).getComputedStyle(inner)));
        }).length,
      };
    });
    expect(fit.height, `slide ${h}/${v} is taller than the slide`).toBeLessThanOrEqual(720);
    expect(fit.silent, `slide ${h}/${v} has content overflowing silently`).toBe(0);
    const drawn = await drawnCharts(page, '.reveal .slides section.present section.present .chart, .reveal .slides > section.present:not(.stack) .chart');
    for (const chart of drawn) {
      expect(chart.svg).toBeGreaterThan(0);
      expect(chart.traces).toBeGreaterThan(0);
      expect(chart.marks).toBeGreaterThan(0);
      expect(chart.width).toBeGreaterThan(300);
      expect(chart.height).toBeGreaterThan(200);
      expect(chart.inside, `a chart on slide ${h}/${v} is cut by the window`).toBe(true);
    }
    charts += drawn.length;
    await page.screenshot({ path: path.join(shotDir, `${String(i + 1).padStart(2, '0')}.png`) });
  }
  return { slides, charts };
}

beforeAll(async () => {
  const run = spawnSync(process.execPath, [path.join(REPO, 'scripts', 'present.js'), '--to', 'slides,html', '--out', outDir], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`npm run present failed (${run.status}): ${run.stderr}`);
  console.log(run.stdout.trim());
  context = await launchChromium();
  // The one place a request could go: the network. Only the file itself (and data: URLs, never routed) may load.
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:')) return route.continue();
    requests.push(url);
    return route.abort();
  });
}, 240_000);

afterAll(async () => {
  await context?.close();
});

describe('npm run present: decks in headless Chromium, offline', () => {
  it.each(NOTEBOOKS)('%s: every slide drawn and fitting, every chart live, no errors', async (file) => {
    const name = file.replace(/\.ipynb$/, '');
    const deck = path.join(outDir, `${name}.slides.html`);
    // No transition, so each screenshot shows the slide, not the animation into it.
    const { page, errors } = await openOffline(`${deck}?transition=none&backgroundTransition=none`);
    await page.waitForSelector('body[data-deck="ready"]', { timeout: 30_000 });
    const { slides, charts } = await walkDeck(page, artifactPath(path.join('present', name)));
    expect(charts).toBe(chartOutputs(file));
    // Each heading down to ### starts a slide: its text is a slide's heading.
    const slideHeadings: string[] = await page.$$eval('.reveal section.slide > :is(h1, h2, h3)', (hs) => hs.map((h) => (h.textContent ?? '').trim()));
    expect(slideHeadings).toEqual(headings(file));

    // Hover: the first chart of the deck shows a label naming its axes.
    const first = await page.evaluate(() => {
      const R = (globalThis as any).Reveal;
      const slide = (globalThis as any).document.querySelector('.reveal .chart').closest('section.slide');
      return R.getIndices(slide);
    });
    await page.evaluate(({ h, v }) => (globalThis as any).Reveal.slide(h, v ?? 0), first);
    await page.waitForFunction(() => (globalThis as any).Reveal.getCurrentSlide().querySelector('.chart').dataset.state === 'drawn');
    const label = await hoverLabel(page, '.reveal section.slide.present .chart');
    expect(label).toMatch(/:/);
    await page.screenshot({ path: artifactPath(path.join('present', name, 'hover.png')) });
    await page.close();
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    console.log(`${name}: ${slides.length} slides, ${charts} charts drawn, hover "${label}", screenshots in ${artifactPath(path.join('present', name))}`);
  }, 180_000);

  it('a chosen notebook with --show-code: its code highlighted, every slide still fits', async () => {
    const out = path.join(outDir, 'with-code');
    const run = spawnSync(process.execPath, [path.join(REPO, 'scripts', 'present.js'), path.join('notebooks', '03-modeling.ipynb'), '--show-code', '--out', out], {
      encoding: 'utf8',
      cwd: REPO,
    });
    expect(run.status, run.stderr).toBe(0);
    expect(fs.readdirSync(out)).toEqual(['03-modeling.slides.html']);
    const { page, errors } = await openOffline(`${path.join(out, '03-modeling.slides.html')}?transition=none&backgroundTransition=none`);
    await page.waitForSelector('body[data-deck="ready"]', { timeout: 30_000 });
    const { charts } = await walkDeck(page, artifactPath(path.join('present', '03-modeling-with-code')));
    expect(charts).toBe(chartOutputs('03-modeling.ipynb'));
    // Every code cell with source is shown, highlighted by reveal.js's highlight plugin.
    const codeCells = notebookJson('03-modeling.ipynb').cells.filter((c: any) => c.cell_type === 'code' && [].concat(c.source).join('').trim()).length;
    const highlighted = await page.$$eval('.reveal .block-code code.hljs', (els) => els.length);
    expect(highlighted).toBe(codeCells);
    await page.close();
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
  }, 180_000);

  it.each(NOTEBOOKS)('%s: the exported HTML page draws every chart live, offline', async (file) => {
    const name = file.replace(/\.ipynb$/, '');
    const { page, errors } = await openOffline(path.join(outDir, `${name}.html`));
    await page.waitForFunction((n) => (globalThis as any).document.querySelectorAll('.sparkify-live-chart.drawn').length === n, chartOutputs(file), { timeout: 30_000 });
    const drawn = await drawnCharts(page, '.sparkify-live-chart .sparkify-plot');
    expect(drawn.length).toBe(chartOutputs(file));
    for (const chart of drawn) {
      expect(chart.traces).toBeGreaterThan(0);
      expect(chart.marks).toBeGreaterThan(0);
      expect(chart.width).toBeGreaterThan(300);
    }
    // The PNG stays in the page for viewers without JavaScript, hidden once the live chart is drawn.
    const images = await page.$$eval('.sparkify-live-chart img[src^="data:image/png"]', (imgs) => imgs.map((i) => i.getBoundingClientRect().height));
    expect(images).toEqual(new Array(chartOutputs(file)).fill(0));
    await page.locator('.sparkify-live-chart').first().scrollIntoViewIfNeeded();
    const label = await hoverLabel(page, '.sparkify-live-chart');
    expect(label).toMatch(/:/);
    await page.screenshot({ path: artifactPath(path.join('present', `${name}.page.png`)), fullPage: true });
    await page.close();
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
  }, 120_000);
});
