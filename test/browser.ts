import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../src/charts/render-png';
import { tempDir } from './helpers';

/** A headless Chromium (Debian's, from scripts/setup-chromium.sh) with a fresh profile and nothing that phones
 *  home, the same flags the chart renderer uses. Fails loudly when Chromium is missing. */
export async function launchChromium(): Promise<BrowserContext> {
  return chromium.launchPersistentContext(tempDir('sparkify-chromium-profile-'), {
    executablePath: chromiumPath(),
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1200, height: 900 },
  });
}

/** Where tests keep what a person should look at (screenshots); gitignored. */
export function artifactPath(name: string): string {
  const dir = path.resolve(__dirname, '..', 'test-artifacts');
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, name);
}
