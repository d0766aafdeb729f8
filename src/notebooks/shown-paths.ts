import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../project-root';
import { consoleProgress, type Progress } from '../progress';

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The temp folder as given and as resolved (macOS's /var/folders/… is /private/var/folders/…), longest first. */
function tempRoots(tmp: string): string[] {
  const roots = new Set([tmp]);
  try {
    roots.add(fs.realpathSync(tmp));
  } catch {
    // a temp folder that does not exist names nothing to hide
  }
  return [...roots].filter((r) => r.length > 1).sort((a, b) => b.length - a.length);
}

/**
 * Text as a notebook shows it, with nothing of this machine in it: a path in the checkout is shown relative to
 * `cwd` (the notebook's folder: `/…/checkout/data/sample` is `../data/sample`), a path in the temp folder as
 * `<tmp>/…`, the random end of a scratch folder's name (mkdtemp's six characters) as `…`
 * (`<tmp>/sparkify-spark-…/job-spec.json`). Committed outputs and the decks built from them are then the same
 * in every clone, and a Lab run writes the same text as the headless regression.
 */
export function shownPaths(text: string, cwd: string = process.cwd(), tmp: string = os.tmpdir()): string {
  let out = text;
  for (const root of tempRoots(tmp)) {
    out = out.replace(new RegExp(`${escape(root)}(?=[/\\s'"),:;]|$)(?:/([^/\\s'"]*))?`, 'gm'), (_m, first: string | undefined) =>
      first === undefined ? '<tmp>' : `<tmp>/${first.replace(/-(?=[A-Za-z0-9]{6}$)(?![0-9]{6}$)[A-Za-z0-9]{6}$/, '-…')}`,
    );
  }
  const here = path.relative(cwd, PROJECT_ROOT) || '.';
  return out.replace(new RegExp(`${escape(PROJECT_ROOT)}(?=[/\\s'"),:;]|$)`, 'gm'), here);
}

/** A stream that writes through `shownPaths` (only `write` is used: what consoleProgress needs). */
export function shownPathsStream(stream: NodeJS.WritableStream = process.stdout): NodeJS.WritableStream {
  return { write: (chunk: string | Uint8Array) => stream.write(shownPaths(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString())) } as NodeJS.WritableStream;
}

/** consoleProgress for a notebook cell: on stdout (the cell's output), paths as `shownPaths` writes them. */
export function notebookProgress(stream: NodeJS.WritableStream = process.stdout): Progress {
  return consoleProgress(shownPathsStream(stream));
}
