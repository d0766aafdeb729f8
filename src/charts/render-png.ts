import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Figure } from './figure';

/** Chromium from the system (Debian's package; the setup installs it). CHROMIUM_PATH picks another. */
export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean) as string[];
  const found = candidates.find((p) => fs.existsSync(p));
  if (!found) throw new Error('no Chromium found (apt-get install -y chromium, or set CHROMIUM_PATH); it draws the charts');
  return found;
}

/** The flags headless Chromium needs here: no sandbox (root in CI), no GPU, nothing that calls home. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Launches headless Chromium with a fresh profile, removed when the browser closes. */
export async function launchChromium() {
  // Loaded lazily: only chart rendering and the browser tests need it.
  const { chromium } = await import('playwright-core');
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'sparkify-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: true,
    args: CHROMIUM_ARGS,
  });
  const removeProfile = () => fs.rmSync(profile, { recursive: true, force: true });
  process.once('exit', removeProfile);
  const close = async () => {
    await context.close();
    removeProfile();
    process.removeListener('exit', removeProfile);
  };
  return { context, close };
}

type Browser = Awaited<ReturnType<typeof launchChromium>>;
let shared: Promise<Browser> | null = null;
let idle: NodeJS.Timeout | null = null;

/** One browser for a burst of charts (a notebook run), closed after a quiet spell so no Chromium lingers. */
function sharedBrowser(): Promise<Browser> {
  if (idle) clearTimeout(idle);
  if (!shared) shared = launchChromium();
  return shared;
}

function releaseLater(ms = 15000): void {
  if (idle) clearTimeout(idle);
  idle = setTimeout(() => {
    const closing = shared;
    shared = null;
    void closing?.then((b) => b.close()).catch(() => {});
  }, ms);
  // Not a reason to keep the process alive; Playwright kills its browser when the process exits.
  idle.unref();
}

/**
 * Draws figures with plotly.js (the minified plotly.js-dist-min bundle the report inlines too) in headless Chromium and returns one PNG each:
 * the static image GitHub and other JavaScript-free viewers show.
 */
export async function renderPngs(figures: Figure[], scale = 1): Promise<Buffer[]> {
  const { context } = await sharedBrowser();
  const page = await context.newPage();
  try {
    await page.setContent('<html><body><div id="chart"></div></body></html>');
    await page.addScriptTag({ path: require.resolve('plotly.js-dist-min/plotly.min.js') });
    const images: Buffer[] = [];
    for (const figure of figures) {
      const url: string = await page.evaluate(
        async ({ figure, scale }) => {
          const Plotly = (globalThis as any).Plotly;
          const div = (globalThis as any).document.getElementById('chart');
          await Plotly.react(div, figure.data, figure.layout, { staticPlot: true });
          const { width, height } = figure.layout as { width: number; height: number };
          return Plotly.toImage(div, { format: 'png', width, height, scale });
        },
        { figure, scale },
      );
      images.push(Buffer.from(url.replace(/^data:image\/png;base64,/, ''), 'base64'));
    }
    return images;
  } finally {
    await page.close();
    releaseLater();
  }
}
