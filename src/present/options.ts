import * as fs from 'node:fs';
import * as path from 'node:path';
import { NotebookError } from './notebook-file';

export type PresentFormat = 'slides' | 'html';

export interface PresentOptions {
  notebooks: string[];
  outDir: string;
  showCode: boolean;
  formats: PresentFormat[];
  /** Write DIR/data-docs.html (src/present/data-docs/): by default when every notebook is presented. */
  dataDocs: boolean;
  /** The lake whose runs the data docs show (default: the README's lake/, when it exists). */
  lake: string;
}

export const USAGE = `usage: npm run present -- [NOTEBOOK.ipynb ...] [--out DIR] [--show-code] [--to slides|html|slides,html]
                           [--lake PATH] [--data-docs | --no-data-docs]

Writes each notebook (default: every notebooks/*.ipynb) as an offline reveal.js deck, DIR/<name>.slides.html,
from its committed outputs (nothing is executed). Every #, ## and ### heading starts a slide; charts are live.
  --out DIR      where to write (default: out/present)
  --show-code    show code cells' source (default: outputs only; a cell tagged show-input shows its source,
                 hide-input hides it always, hide-output its outputs, remove-cell the whole cell)
  --to FORMATS   slides (default), html (nbconvert's page with live charts, DIR/<name>.html), or both
  --data-docs    also write DIR/data-docs.html: the tables, checks, sources, lineage, guards and the lake's last
                 runs, linked from each deck's title slide (default when no notebook is named, or with --lake)
  --no-data-docs never write it
  --lake PATH    the lake (folder or s3:// URI) whose runs the data docs show (default: lake/, when it exists)
  --help         this text`;

/** Every notebook of a folder, in name order. */
function notebooksIn(dir: string): string[] {
  const found = fs.readdirSync(dir).filter((f) => f.endsWith('.ipynb')).sort();
  if (found.length === 0) throw new NotebookError(`no notebooks (*.ipynb) in ${dir}`);
  return found.map((f) => path.join(dir, f));
}

/** Parses the command line; a bad option is a NotebookError (one line, exit 2). Null: --help. */
export function parseOptions(argv: string[], root: string): PresentOptions | null {
  const options: PresentOptions = {
    notebooks: [],
    outDir: path.join(root, 'out', 'present'),
    showCode: false,
    formats: ['slides'],
    dataDocs: false,
    lake: path.join(root, 'lake'),
  };
  let dataDocs: boolean | undefined;
  let lakeGiven = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new NotebookError(`${arg} needs a value (see --help)`);
      return v;
    };
    if (arg === '--help' || arg === '-h') return null;
    else if (arg === '--out') options.outDir = path.resolve(value());
    else if (arg === '--show-code') options.showCode = true;
    else if (arg === '--data-docs') dataDocs = true;
    else if (arg === '--no-data-docs') dataDocs = false;
    else if (arg === '--lake') {
      const lake = value();
      options.lake = /^[a-z][a-z0-9+.-]*:\/\//i.test(lake) ? lake : path.resolve(lake);
      if (!options.lake.includes('://') && !fs.existsSync(options.lake)) throw new NotebookError(`--lake ${lake}: no such folder`);
      lakeGiven = true;
    } else if (arg === '--to') {
      const formats = value().split(',');
      const bad = formats.find((f) => f !== 'slides' && f !== 'html');
      if (bad !== undefined) throw new NotebookError(`--to takes slides, html or slides,html, not "${bad}"`);
      options.formats = [...new Set(formats as PresentFormat[])];
    } else if (arg.startsWith('-')) throw new NotebookError(`unknown option ${arg} (see --help)`);
    else if (fs.existsSync(arg) && fs.statSync(arg).isDirectory()) options.notebooks.push(...notebooksIn(arg));
    else options.notebooks.push(arg);
  }
  // The data docs come with the whole set of decks (or when a lake is named); a chosen deck alone leaves the folder as it was.
  options.dataDocs = dataDocs ?? (options.notebooks.length === 0 || lakeGiven);
  if (options.notebooks.length === 0) options.notebooks = notebooksIn(path.join(root, 'notebooks'));
  return options;
}
