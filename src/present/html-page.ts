import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../project-root';
import { NotebookError } from './notebook-file';

/** The nbconvert template (lab HTML, offline, live charts): src/present/nbconvert/sparkify-live/. */
const TEMPLATE_DIR = path.join(PROJECT_ROOT, 'src', 'present', 'nbconvert');
const TEMPLATE = 'sparkify-live';

/**
 * Exports notebooks to HTML pages with nbconvert (one process for all of them: its start-up is most of the time),
 * each chart drawn live by the plotly.js the template inlines, its PNG kept for viewers without JavaScript.
 * Written to a scratch folder first, then moved into `outDir`, so a failed export leaves the previous pages.
 * Returns the written files.
 */
export function exportHtmlPages(notebooks: string[], outDir: string): string[] {
  const jupyter = path.join(PROJECT_ROOT, '.venv', 'bin', 'jupyter');
  if (!fs.existsSync(jupyter)) throw new NotebookError(`the HTML export needs nbconvert in ${path.join(PROJECT_ROOT, '.venv')}: run npm run setup:python`);
  const plotlyDir = path.dirname(require.resolve('plotly.js-dist-min/plotly.min.js'));
  const scratch = fs.mkdtempSync(path.join(outDir, '.html-export-'));
  try {
    const result = spawnSync(
      jupyter,
      [
        'nbconvert',
        '--to',
        'html',
        `--TemplateExporter.extra_template_basedirs=${TEMPLATE_DIR}`,
        `--TemplateExporter.extra_template_paths=${JSON.stringify([plotlyDir])}`,
        '--template',
        TEMPLATE,
        '--output-dir',
        scratch,
        ...notebooks,
      ],
      { encoding: 'utf8' },
    );
    if (result.status !== 0) {
      const reason = (result.stderr || result.error?.message || '').trim().split('\n').pop();
      throw new Error(`nbconvert failed (exit ${result.status}): ${reason}`);
    }
    return notebooks.map((nb) => {
      const name = `${path.basename(nb, '.ipynb')}.html`;
      const target = path.join(outDir, name);
      fs.renameSync(path.join(scratch, name), target);
      return target;
    });
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
