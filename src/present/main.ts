import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../project-root';
import { deckAssets } from './assets';
import { DATA_DOCS_FILE, writeDataDocs } from './data-docs/build';
import { deckDocument } from './deck-document';
import { exportHtmlPages } from './html-page';
import { NotebookError, readNotebook } from './notebook-file';
import { parseOptions, USAGE } from './options';
import { chartCount, planDeck } from './slide-plan';

const size = (file: string) => `${(fs.statSync(file).size / 1e6).toFixed(1)} MB`;

/** Writes a file whole or not at all: a failed run leaves the previous deck as it was. */
function writeAtomically(file: string, text: string): void {
  const temp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(temp, text);
  fs.renameSync(temp, file);
}

/** `npm run present`: decks (and, with --to html, pages) for the chosen notebooks. Returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  try {
    const options = parseOptions(argv, PROJECT_ROOT);
    if (!options) {
      console.log(USAGE);
      return 0;
    }
    // Every notebook is read and checked before anything is written.
    const notebooks = options.notebooks.map(readNotebook);
    fs.mkdirSync(options.outDir, { recursive: true });
    // Paths under the current folder print relative, others whole.
    const show = (file: string) => (path.relative(process.cwd(), file).startsWith('..') ? file : path.relative(process.cwd(), file));
    if (options.dataDocs) {
      const { file, docs } = await writeDataDocs(options.outDir, options.lake);
      const lake = docs.lake.kind === 'runs' ? `${docs.lake.runs.runs.length} runs of ${docs.lake.runs.lake}` : docs.lake.kind === 'none' ? 'no lake' : `lake unreadable: ${docs.lake.message}`;
      console.log(`${show(file)}: data docs, ${docs.lineage.nodes.length} relations, ${docs.lineage.edges.length} lineage edges, ${lake}, ${size(file)}`);
    }
    // Each deck's title slide links to the data docs when the folder has them (written now or by an earlier run).
    const dataDocs = fs.existsSync(path.join(options.outDir, DATA_DOCS_FILE)) ? DATA_DOCS_FILE : undefined;
    if (options.formats.includes('slides')) {
      for (const notebook of notebooks) {
        const plan = planDeck(notebook, { showCode: options.showCode });
        const file = path.join(options.outDir, `${notebook.name}.slides.html`);
        writeAtomically(file, deckDocument(plan, deckAssets(), { dataDocs }));
        const slides = plan.stacks.reduce((n, s) => n + s.slides.length, 0);
        console.log(`${show(file)}: ${plan.stacks.length} sections, ${slides} slides before fitting, ${chartCount(plan)} live charts, ${size(file)}`);
      }
    }
    if (options.formats.includes('html')) {
      for (const file of exportHtmlPages(notebooks.map((n) => n.file), options.outDir)) console.log(`${show(file)}: notebook page with live charts, ${size(file)}`);
    }
    return 0;
  } catch (err) {
    if (err instanceof NotebookError) {
      console.error(`present: ${err.message}`);
      return 2;
    }
    console.error(`present: ${(err as Error).message}`);
    return 1;
  }
}
