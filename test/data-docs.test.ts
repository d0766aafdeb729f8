// The data docs `npm run present` writes beside the decks (src/present/data-docs/): every table, column, check,
// source and guard of the catalog, the lineage computed from the models' SQL, a lake's last runs, and the page in
// headless Chromium at the slide size, offline.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checksOf } from '../src/catalog/checks';
import { GUARDS } from '../src/catalog/guards';
import { SOURCES } from '../src/catalog/sources';
import { TABLES } from '../src/catalog/tables';
import { DATA_DOCS_FILE } from '../src/present/data-docs/build';
import { modelLineage, referencedRelations } from '../src/present/data-docs/lineage';
import { lineageColumns } from '../src/present/data-docs/lineage-svg';
import { parseOptions } from '../src/present/options';
import { artifactPath, launchChromium } from './browser';
import { cli, REPO, SAMPLE, tempDir } from './helpers';

describe('referencedRelations: what a model reads', () => {
  const known = ['raw_events', 'stg_events', 'songs', 'artists', 'songplays'];

  it('takes FROM and JOIN names that are models or sources, once each, in order', () => {
    const sql = `-- reads FROM songplays in a comment only
      WITH songs AS (SELECT * FROM stg_events WHERE page = 'from artists'),
      picked AS (SELECT song_id FROM songs)
      SELECT EXTRACT(YEAR FROM e.start_time), s.x
      FROM stg_events AS e
      LEFT JOIN artists a ON a.id = e.id
      INNER JOIN (SELECT * FROM raw_events) r ON TRUE
      JOIN picked USING (song_id)`;
    // songs is a CTE here (it shadows the model), picked is a CTE, `e` follows FROM inside EXTRACT.
    expect(referencedRelations(sql, known)).toEqual(['stg_events', 'artists', 'raw_events']);
  });

  it('is case-insensitive and ignores /* */ comments', () => {
    expect(referencedRelations('select * /* from songs */ from SONGPLAYS', known)).toEqual(['songplays']);
  });
});

describe('modelLineage: sources → staging → star, from the models', () => {
  const lineage = modelLineage();
  const readsOf = (name: string) => lineage.edges.filter((e) => e.to === name).map((e) => e.from).sort();

  it('has an edge per relation each model reads', () => {
    const reads = Object.fromEntries(lineage.nodes.filter((n) => n.layer !== 'source').map((n) => [n.name, readsOf(n.name)]));
    expect(reads).toEqual({
      stg_songs: ['raw_songs'],
      stg_events: ['raw_events'],
      songs: ['stg_songs'],
      artists: ['stg_songs'],
      song_match: ['artists', 'songs'],
      songplays: ['song_match', 'stg_events'],
      users: ['stg_events'],
      time: ['songplays'],
    });
    expect(lineage.nodes.filter((n) => n.layer === 'source').map((n) => n.name)).toEqual(SOURCES.map((s) => s.name));
    expect(lineage.nodes.filter((n) => n.layer === 'star').map((n) => n.name).sort()).toEqual(TABLES.map((t) => t.model).sort());
    expect(lineage.nodes.filter((n) => n.layer === 'intermediate').map((n) => n.name)).toEqual(['song_match']);
  });

  it('lays the graph out in columns by layer, a star table after the star tables it reads, an intermediate model among them', () => {
    expect(Object.fromEntries(lineageColumns(lineage))).toEqual({
      raw_songs: 0,
      raw_events: 0,
      stg_songs: 1,
      stg_events: 1,
      songs: 2,
      artists: 2,
      users: 2,
      song_match: 3,
      songplays: 4,
      time: 5,
    });
  });
});

describe('present options: when the data docs are written', () => {
  it('with every notebook or a named lake; not for a chosen deck alone; never with --no-data-docs', () => {
    const lake = tempDir('sparkify-docs-lake-');
    expect(parseOptions([], REPO)).toMatchObject({ dataDocs: true, lake: path.join(REPO, 'lake') });
    expect(parseOptions(['notebooks/03-modeling.ipynb'], REPO)).toMatchObject({ dataDocs: false });
    expect(parseOptions(['notebooks/03-modeling.ipynb', '--lake', lake], REPO)).toMatchObject({ dataDocs: true, lake });
    expect(parseOptions(['--no-data-docs'], REPO)).toMatchObject({ dataDocs: false });
    expect(() => parseOptions(['--lake', path.join(lake, 'missing')], REPO)).toThrow(/no such folder/);
  });
});

describe('npm run present --lake: the data docs page', () => {
  const lake = path.join(tempDir('sparkify-docs-'), 'lake');
  const out = tempDir('sparkify-docs-out-');
  let html = '';
  let runId = '';
  let context: BrowserContext | undefined;

  beforeAll(() => {
    const etl = cli(['etl', '--input', SAMPLE, '--output', lake]);
    if (etl.code !== 0) throw new Error(`etl failed: ${etl.stderr}`);
    runId = fs.readdirSync(path.join(lake, '_runs')).filter((f) => f.endsWith('.json'))[0].replace(/\.json$/, '');
    const run = spawnSync(process.execPath, [path.join(REPO, 'scripts', 'present.js'), path.join(REPO, 'notebooks', '03-modeling.ipynb'), '--lake', lake, '--out', out], {
      encoding: 'utf8',
    });
    if (run.status !== 0) throw new Error(`present failed (${run.status}): ${run.stderr}`);
    html = fs.readFileSync(path.join(out, DATA_DOCS_FILE), 'utf8');
  }, 300_000);

  afterAll(async () => {
    await context?.close();
  });

  /** The HTML of one section of the page (up to the next one). */
  const section = (id: string) => {
    const start = html.indexOf(`id="${id}"`);
    expect(start, id).toBeGreaterThan(0);
    const end = html.indexOf('<section', start + 1);
    return html.slice(start, end < 0 ? undefined : end);
  };

  it('shows every table with its columns, types, keys, partitions and checks, every source field and guard', () => {
    for (const t of TABLES) {
      const s = section(`table-${t.name}`);
      expect(s).toContain(t.doc.replace(/&/g, '&amp;'));
      for (const c of t.columns) expect(s, `${t.name}.${c.name}`).toMatch(new RegExp(`<td><code>${c.name}</code></td><td>${c.type}</td>`));
      expect(s.match(/<span class="badge key">/g)?.length ?? 0).toBe(t.key.length);
      expect(s.match(/<span class="badge part">/g)?.length ?? 0).toBe(t.partitionBy.length);
      expect(s).toContain(`<h4>Checks (${checksOf(t).length})</h4>`);
    }
    for (const src of SOURCES) {
      const s = section(`source-${src.name}`);
      for (const f of src.fields) expect(s, `${src.name}.${f.name}`).toMatch(new RegExp(`<td><code>${f.name}</code></td><td>${f.type}</td>`));
    }
    const guards = section('guards');
    for (const g of GUARDS) expect(guards).toContain(`<code>--${g.override}</code>`);
    expect(guards).toContain('<code>maxDrop = 0.5</code>');
  });

  it('draws the lineage from the models, and shows the lake run with its guards and checks', () => {
    const svg = section('lineage');
    expect(svg.match(/<a href="#[^"]+" class="node"/g)?.length).toBe(modelLineage().nodes.length);
    expect(svg.match(/<path class="edge"/g)?.length).toBe(modelLineage().edges.length);
    expect(svg).toContain('<title>songplays reads stg_events</title>');
    expect(svg).toContain('<title>time reads songplays</title>');
    const runs = section('runs');
    expect(runs).toContain(runId);
    expect(runs).toContain('guard no-records');
    expect(runs).toContain('songplays.user_id relationships users.user_id');
    // The deck beside it links to it from its title slide.
    const deck = fs.readFileSync(path.join(out, '03-modeling.slides.html'), 'utf8');
    expect(deck).toMatch(/<a class="data-docs-link" href="data-docs.html"/);
  });

  it('renders in Chromium at 1280×720, offline, without errors or horizontal overflow', async () => {
    context = await launchChromium();
    const requests: string[] = [];
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) return route.continue();
      requests.push(url);
      return route.abort();
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto(`file://${path.join(out, DATA_DOCS_FILE)}`);
    const layout = await page.evaluate(() => {
      const doc = (globalThis as any).document;
      const svg = doc.querySelector('svg.lineage').getBoundingClientRect();
      const main = doc.querySelector('main').getBoundingClientRect();
      return { scrollWidth: doc.documentElement.scrollWidth, clientWidth: doc.documentElement.clientWidth, svgRight: svg.right, mainRight: main.right, svgHeight: svg.height };
    });
    expect(layout.scrollWidth).toBeLessThanOrEqual(layout.clientWidth);
    expect(layout.svgRight).toBeLessThanOrEqual(layout.mainRight);
    expect(layout.svgHeight).toBeGreaterThan(100);
    await page.screenshot({ path: '/tmp/data-docs.png' });
    await page.screenshot({ path: artifactPath('data-docs.png') });
    await page.screenshot({ path: '/tmp/data-docs-full.png', fullPage: true });
    // The nav jumps to a section.
    await page.click('nav a[href="#table-songplays"]');
    await page.screenshot({ path: '/tmp/data-docs-songplays.png' });
    await page.click('nav a[href="#runs"]');
    await page.screenshot({ path: '/tmp/data-docs-runs.png' });
    await page.close();
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
  }, 120_000);
});
