import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * Every temporary folder the tests make (inputs, lakes, browser profiles, downloads) goes under one root that is
 * removed when the run ends, so test runs do not fill /tmp. Test workers inherit TMPDIR, and os.tmpdir() reads it.
 */
export default function setup(): () => void {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sparkify-tests-'));
  process.env.TMPDIR = root;
  return () => fs.rmSync(root, { recursive: true, force: true });
}
