import * as fs from 'node:fs';
import * as path from 'node:path';

/** The parts of an nbformat 4 notebook a deck or a page presents. */
export interface NotebookOutput {
  output_type: 'stream' | 'display_data' | 'execute_result' | 'error' | string;
  name?: string;
  text?: string | string[];
  data?: Record<string, unknown>;
  ename?: string;
  evalue?: string;
  traceback?: string[];
}

export interface NotebookCell {
  cell_type: 'markdown' | 'code' | 'raw' | string;
  source: string | string[];
  metadata?: { tags?: string[] } & Record<string, unknown>;
  outputs?: NotebookOutput[];
}

export interface Notebook {
  /** The file it was read from. */
  file: string;
  /** Its name without the folder and `.ipynb`: the name of what is written for it. */
  name: string;
  cells: NotebookCell[];
  /** The kernel's language, for highlighting shown code. */
  language: string;
}

/** A bad notebook path or file: the one line the command prints. */
export class NotebookError extends Error {}

/** Notebook text fields are a string or a list of lines. */
export function joinText(text: string | string[] | undefined): string {
  return Array.isArray(text) ? text.join('') : (text ?? '');
}

/** Reads and checks a notebook file: it exists, is JSON, and is an nbformat 4 notebook. */
export function readNotebook(file: string): Notebook {
  if (!file.endsWith('.ipynb')) throw new NotebookError(`not a notebook (expected a .ipynb file): ${file}`);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new NotebookError(code === 'ENOENT' ? `no such notebook: ${file}` : `cannot read notebook ${file}: ${code ?? String(err)}`);
  }
  let json: any;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new NotebookError(`not a notebook (invalid JSON: ${(err as Error).message}): ${file}`);
  }
  if (!json || typeof json !== 'object' || !Array.isArray(json.cells) || json.nbformat !== 4) {
    throw new NotebookError(`not an nbformat 4 notebook (no "cells" list or "nbformat": 4): ${file}`);
  }
  const language = String(json.metadata?.kernelspec?.language ?? json.metadata?.language_info?.name ?? 'plaintext');
  return { file, name: path.basename(file, '.ipynb'), cells: json.cells, language };
}
