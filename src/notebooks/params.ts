import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generate } from '../generator/generate';

/**
 * Where a notebook reads from. A headless run overrides the parameter cell's defaults through the
 * environment (the notebook runner sets them): SPARKIFY_NB_INPUT, SPARKIFY_NB_GENERATE, SPARKIFY_NB_ENGINE.
 */
export interface NotebookParams {
  /** An input folder with song_data/ and log_data/ (relative to the notebook's folder, or absolute). */
  input: string;
  /** When > 0, generate a dataset of this many events instead, and read that. */
  generateEvents: number;
  engine: string;
}

export function notebookParams(defaults: NotebookParams): NotebookParams {
  const env = process.env;
  return {
    input: env.SPARKIFY_NB_INPUT || defaults.input,
    generateEvents: env.SPARKIFY_NB_GENERATE ? Number(env.SPARKIFY_NB_GENERATE) : defaults.generateEvents,
    engine: env.SPARKIFY_NB_ENGINE || defaults.engine,
  };
}

/** The folder to read: the given input, or a generated dataset (made once per size, in the temp folder). */
export async function resolveInput(params: NotebookParams): Promise<string> {
  if (!(params.generateEvents > 0)) {
    const input = path.resolve(params.input);
    if (!fs.existsSync(input)) throw new Error(`input ${input} does not exist; set the input parameter to a folder with song_data/ and log_data/`);
    return input;
  }
  const dir = path.join(os.tmpdir(), `sparkify-notebook-data-${params.generateEvents}`);
  if (!fs.existsSync(path.join(dir, '.complete'))) {
    fs.rmSync(dir, { recursive: true, force: true });
    await generate({ out: dir, events: params.generateEvents });
    fs.writeFileSync(path.join(dir, '.complete'), '');
  }
  return dir;
}

/** A fresh scratch folder for a notebook's output lake. */
export function scratchDir(name: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `sparkify-notebook-${name}-`));
}
