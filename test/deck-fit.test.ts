// Every deck is presentable: `npm run present` builds them all, and one real headless Chromium shows every slide at
// 1280×720 and 1920×1080 and fails when anything on it leaves the slide, sits under reveal.js's controls or slide
// number, hides in a scroll box, or when a chart's tick labels or titles are clipped or overlap one another (measured
// on the rendered SVG). Screenshots of every slide of deck 06 and a sample of the others go to $DECK_SHOTS
// (default test-artifacts/deck-fit/): look at them.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactPath, launchChromium } from './browser';
import { REPO, tempDir } from './helpers';

const NOTEBOOKS = fs.readdirSync(path.join(REPO, 'notebooks')).filter((f) => f.endsWith('.ipynb')).sort();
const VIEWPORTS = [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
];
const outDir = tempDir('sparkify-deck-fit-');
const shotsDir = process.env.DECK_SHOTS ?? artifactPath('deck-fit');
let context: BrowserContext;
let page: Page;
const errors: string[] = [];

/**
 * What is wrong with the slide reveal.js shows now, measured in the page: each a line naming the element.
 * Runs in the browser (no closures over test code).
 */
function slideProblems(): string[] {
  const w = globalThis as any;
  const doc = w.document;
  const problems: string[] = [];
  type Box = { left: number; top: number; right: number; bottom: number; width: number; height: number };
  const TOL = 1;
  const box = (el: any): Box => el.getBoundingClientRect();
  const inside = (a: Box, b: Box) => a.left >= b.left - TOL && a.top >= b.top - TOL && a.right <= b.right + TOL && a.bottom <= b.bottom + TOL;
  const meets = (a: Box, b: Box) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > TOL && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > TOL;
  const name = (el: any) => {
    const cls = typeof el.className === 'string' ? el.className : (el.className?.baseVal ?? '');
    const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 40);
    return `<${el.tagName.toLowerCase()}${cls ? ` class="${cls}"` : ''}> "${text}"`;
  };
  const visible = (el: any) => {
    const r = box(el);
    if (r.width === 0 && r.height === 0) return false;
    const style = w.getComputedStyle(el);
    return style.visibility !== 'hidden' && style.display !== 'none';
  };
  const slide = w.Reveal.getCurrentSlide();
  const slideBox = box(doc.querySelector('.reveal .slides'));
  const covers = ['.reveal .controls', '.reveal .slide-number']
    .map((s) => doc.querySelector(s))
    .filter((el: any) => el && visible(el))
    .map((el: any) => ({ what: el.className, box: box(el) }));
  for (const el of slide.querySelectorAll('*')) {
    if (el.closest('aside.notes, .chart svg, .chart .plot-container') || !visible(el)) continue;
    const r = box(el);
    if (!inside(r, slideBox)) problems.push(`${name(el)} leaves the slide`);
    for (const c of covers) if (meets(r, c.box)) problems.push(`${name(el)} is under the ${c.what}`);
    const style = w.getComputedStyle(el);
    const clips = (o: string) => o !== 'visible';
    if ((clips(style.overflowY) && el.scrollHeight > el.clientHeight + TOL) || (clips(style.overflowX) && el.scrollWidth > el.clientWidth + TOL)) {
      problems.push(`${name(el)} hides part of its content (${el.scrollWidth}×${el.scrollHeight} in ${el.clientWidth}×${el.clientHeight})`);
    }
  }
  for (const chart of slide.querySelectorAll('.chart')) {
    const svg = chart.querySelector('svg.main-svg');
    if (!svg) {
      problems.push('a chart is not drawn');
      continue;
    }
    const svgBox = box(svg);
    const plot = [...chart.querySelectorAll('.draglayer .nsewdrag')].map(box);
    const labels = (selector: string) => [...chart.querySelectorAll(selector)].filter((t: any) => visible(t) && (t.textContent ?? '').trim() !== '');
    const xticks = labels('.xaxislayer-above text');
    const yticks = labels('.yaxislayer-above text');
    const title = labels('.gtitle');
    const axisTitles = labels('.infolayer text').filter((t: any) => /^[xy]\d*title$/.test(t.getAttribute('class') ?? ''));
    const xtitles = axisTitles.filter((t: any) => t.getAttribute('class').startsWith('x'));
    const ytitles = axisTitles.filter((t: any) => t.getAttribute('class').startsWith('y'));
    const legend = [...chart.querySelectorAll('.legend')].filter(visible);
    for (const t of [...xticks, ...yticks, ...title, ...axisTitles]) if (!inside(box(t), svgBox)) problems.push(`chart label ${name(t)} is clipped by the chart`);
    const clash = (a: any[], b: any[], what: string) => {
      for (const x of a) for (const y of b) if (x !== y && meets(box(x), box(y))) problems.push(`chart: ${name(x)} overlaps ${name(y)} (${what})`);
    };
    clash(xtitles, xticks, 'axis title on tick labels');
    clash(ytitles, yticks, 'axis title on tick labels');
    clash(title, [...xticks, ...yticks, ...axisTitles, ...legend], 'chart title');
    for (const p of plot) for (const t of [...title, ...axisTitles]) if (meets(box(t), p)) problems.push(`chart: ${name(t)} lies on the plot area`);
    for (const ticks of [xticks, yticks]) {
      // Neighbouring tick labels (their boxes are exact for labels drawn level or upright, not for slanted ones).
      const level = ticks.filter((t: any) => Number(/rotate\((-?[\d.]+)/.exec(t.getAttribute('transform') ?? '')?.[1] ?? 0) % 90 === 0);
      for (let i = 1; i < level.length; i++) if (meets(box(level[i - 1]), box(level[i]))) problems.push(`chart: tick labels ${name(level[i - 1])} and ${name(level[i])} overlap`);
    }
    if (chart.querySelectorAll('.modebar-btn').length > 0) problems.push('chart: a mode bar is shown (it covers the title on hover)');
  }
  return problems;
}

/** Shows each slide of the open deck, collects its problems, and screenshots the chosen slides. */
async function checkDeck(name: string, viewport: { width: number; height: number }, shoot: (index: number, hasChart: boolean) => boolean) {
  const slides: Array<{ h: number; v?: number; chart: boolean }> = await page.evaluate(() =>
    (globalThis as any).Reveal.getSlides().map((s: any) => ({ ...(globalThis as any).Reveal.getIndices(s), chart: !!s.querySelector('.chart') })),
  );
  const problems: string[] = [];
  const size = `${viewport.width}x${viewport.height}`;
  for (const [i, { h, v, chart }] of slides.entries()) {
    await page.evaluate(({ h, v }) => (globalThis as any).Reveal.slide(h, v ?? 0), { h, v });
    await page.waitForFunction(() => [...(globalThis as any).Reveal.getCurrentSlide().querySelectorAll('.chart')].every((c: any) => c.dataset.state === 'drawn'));
    for (const p of await page.evaluate(slideProblems)) problems.push(`${name} at ${size}, slide ${i + 1} (${h}/${v ?? 0}): ${p}`);
    if (shoot(i, chart)) {
      fs.mkdirSync(path.join(shotsDir, name), { recursive: true });
      await page.screenshot({ path: path.join(shotsDir, name, `${size}-${String(i + 1).padStart(2, '0')}.png`) });
    }
  }
  return { problems, slides: slides.length };
}

beforeAll(async () => {
  const run = spawnSync(process.execPath, [path.join(REPO, 'scripts', 'present.js'), '--to', 'slides', '--out', outDir], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`npm run present failed (${run.status}): ${run.stderr}`);
  context = await launchChromium();
  await context.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()));
  page = await context.newPage();
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
}, 240_000);

afterAll(async () => {
  await context?.close();
});

describe('decks fit their slides, at 1280×720 and 1920×1080', () => {
  it.each(NOTEBOOKS)('%s: nothing leaves a slide or hides under the controls; chart labels are whole and apart', async (file) => {
    const name = file.replace(/\.ipynb$/, '');
    const all: string[] = [];
    for (const viewport of VIEWPORTS) {
      await page.setViewportSize(viewport);
      await page.goto(`file://${path.join(outDir, `${name}.slides.html`)}?transition=none&backgroundTransition=none`);
      await page.waitForSelector('body[data-deck="ready"]', { timeout: 30_000 });
      expect(await page.evaluate(() => (globalThis as any).Reveal.hasPlugin('notes')), 'the speaker notes plugin is in the deck').toBe(true);
      // Deck 06 whole; of the others the first slide and the slides with charts.
      const { problems, slides } = await checkDeck(name, viewport, (i, chart) => name.startsWith('06') || i === 0 || chart);
      all.push(...problems);
      console.log(`${name} at ${viewport.width}×${viewport.height}: ${slides} slides, ${problems.length} problems`);
    }
    expect(all).toEqual([]);
    expect(errors).toEqual([]);
  }, 240_000);

  it('06: the long prose is in the speaker notes, the request JSON shortened with the whole in the notes', async () => {
    await page.setViewportSize(VIEWPORTS[0]);
    await page.goto(`file://${path.join(outDir, '06-at-scale.slides.html')}?transition=none&backgroundTransition=none`);
    await page.waitForSelector('body[data-deck="ready"]', { timeout: 30_000 });
    const twoPaths = await page.evaluate(() => {
      const slide = [...(globalThis as any).document.querySelectorAll('section.slide')].find((s: any) => /Two code paths/.test(s.dataset.title ?? '')) as any;
      return { items: slide.querySelectorAll('ul.headlines li').length, notes: slide.querySelector('aside.notes')?.textContent ?? '' };
    });
    expect(twoPaths.items).toBe(4);
    expect(twoPaths.notes).toMatch(/Polars SQL lacks/);
    const json = await page.evaluate(() =>
      [...(globalThis as any).document.querySelectorAll('section.slide')].map((s: any) => ({ more: s.querySelector('.more')?.textContent ?? '', notes: s.querySelector('aside.notes')?.textContent ?? '' })).find((s) => /"RunJobFlow"/.test(s.notes)),
    );
    expect(json?.more).toMatch(/^… \d+ more lines, full text in the notes$/);
  });
});
