import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runEtl } from '../src/run/etl';
import { readTable } from '../src/table-format/read-table';
import { artifactPath, launchChromium } from './browser';
import { cli, SAMPLE, tempDir, writeTree } from './helpers';

describe('the HTML report', () => {
  it('is one self-contained file that opens in headless Chromium without errors, with every chart drawn', async () => {
    const output = tempDir();
    await runEtl({ input: SAMPLE, output });
    // One bad line, so the quarantine section has something to show.
    const withBad = writeTree({
      'log_data/bad.json': '{"not": "closed"\n',
    });
    fs.cpSync(path.join(SAMPLE, 'log_data'), path.join(withBad, 'log_data'), { recursive: true });
    fs.cpSync(path.join(SAMPLE, 'song_data'), path.join(withBad, 'song_data'), { recursive: true });
    await runEtl({ input: withBad, output });

    const file = path.join(tempDir('sparkify-report-'), 'report.html');
    const result = cli(['report', '--output', output, '--to', file]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^wrote .*report\.html \(\d+\.\d MB\)/);
    const html = fs.readFileSync(file, 'utf8');
    // Self-contained: no external script, stylesheet or image. (Matched on the page outside Plotly's inline
    // bundle, whose 4.6 MB would flood a failure message.)
    const body = html.slice(html.indexOf('</head>'));
    expect(/<script[^>]+src=|<link[^>]+href=|<img[^>]+src=/i.test(html)).toBe(false);
    expect(body).toContain('1 record set aside');
    expect(body).toMatch(/\d+ checks: \d+ passed, 0 failed/);
    // The volume section: the real sample's 23 judged days (those with 7 trailing days) all inside their band.
    expect(body).toContain('Plays per UTC day (30 days, as the latest run manifest counts them)');
    expect(body).toContain('All 23 judged days lie within their band.');
    expect(body).toContain('The 2 kept runs, oldest first');
    for (const t of ['songplays', 'users', 'songs', 'artists', 'time']) {
      expect(body).toContain(`<td>${t}</td><td class="num">${(await readTable(output, t)).height}</td>`);
    }

    const context = await launchChromium();
    try {
      const page = await context.newPage();
      const problems: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });

      const charts = await page.locator('div.chart').evaluateAll((divs) => divs.map((d) => d.id));
      // Plays per day with the volume band and per run, 2 skew overviews + largest partitions of the 3
      // partitioned tables + 5 listening charts.
      expect(charts).toHaveLength(12);
      expect(charts.slice(0, 2)).toEqual(['chart-plays-per-day', 'chart-plays-per-run']);
      for (const id of charts) {
        await page.locator(`#${id} .main-svg`).first().waitFor({ state: 'attached', timeout: 15_000 });
        // Drawn: the plot has marks (bars, pie slices), not just empty axes.
        const marks = await page.locator(`#${id} g.point path, #${id} g.slice path`).count();
        expect(marks, id).toBeGreaterThan(0);
      }
      await page.screenshot({ path: artifactPath('report.png'), fullPage: true });
      expect(problems).toEqual([]);
      // Works offline: nothing was fetched but the file itself (and data: URLs Plotly makes).
      expect(requests.filter((u) => !u.startsWith('file:') && !u.startsWith('data:') && !u.startsWith('blob:'))).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});
