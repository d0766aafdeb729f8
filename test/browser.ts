import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { tempDir } from './helpers';

/** Debian's Chromium, installed by scripts/setup-chromium.sh (npm pretest). */
export const CHROMIUM = '/usr/bin/chromium';

/** A headless Chromium with a fresh profile and nothing that phones home. Fails loudly when Chromium is missing. */
export async function launchChromium(): Promise<BrowserContext> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run scripts/setup-chromium.sh (as root) first`);
  return chromium.launchPersistentContext(tempDir('sparkify-chromium-profile-'), {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
    viewport: { width: 1200, height: 900 },
  });
}

/** Where tests keep what a person should look at (screenshots); gitignored. */
export function artifactPath(name: string): string {
  const dir = path.resolve(__dirname, '..', 'test-artifacts');
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, name);
}
