import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { UserError } from '../../errors';
import { PROJECT_ROOT } from '../../project-root';
import { checkedDifferences } from './compare';
import type { NotebookJson } from './checked-outputs';
import { executeNotebook, NOTEBOOKS_DIR } from './execute';
import { ensureSpark } from '../spark-setup';

const USAGE = 'usage: npm run notebooks -- [--update] [--input DIR | --generate EVENTS] [--engine NAME] [NOTEBOOK.ipynb ...]';

export interface RunOptions {
  update: boolean;
  notebooks: string[];
  env: Record<string, string>;
}

export function parseArgs(args: string[]): RunOptions {
  const options: RunOptions = { update: false, notebooks: [], env: {} };
  const value = (flag: string, i: number) => {
    if (args[i + 1] === undefined) throw new UserError(`${flag} needs a value (${USAGE})`);
    return args[i + 1];
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--update') options.update = true;
    else if (arg === '--input') options.env.SPARKIFY_NB_INPUT = path.resolve(value(arg, i++));
    else if (arg === '--generate') options.env.SPARKIFY_NB_GENERATE = value(arg, i++);
    else if (arg === '--engine') options.env.SPARKIFY_NB_ENGINE = value(arg, i++);
    else if (arg.startsWith('-')) throw new UserError(`unknown option ${arg} (${USAGE})`);
    else options.notebooks.push(path.resolve(arg));
  }
  if (options.notebooks.length === 0) {
    options.notebooks = fs.readdirSync(NOTEBOOKS_DIR).filter((f) => /^\d.*\.ipynb$/.test(f)).sort().map((f) => path.join(NOTEBOOKS_DIR, f));
  }
  for (const nb of options.notebooks) if (!fs.existsSync(nb)) throw new UserError(`notebook ${nb} does not exist`);
  if (options.update && Object.keys(options.env).length > 0) {
    throw new UserError('--update commits outputs of the default parameters; drop --input/--generate/--engine');
  }
  return options;
}

/**
 * Executes each notebook in order and compares the outputs of its `check` cells with the committed ones.
 * Returns the exit code: 0 all ran and agree, 1 a cell failed or a checked output differs.
 */
export async function runNotebooks(options: RunOptions, log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<number> {
  if (needsSpark(options)) await ensureSpark(process.stderr);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'sparkify-notebooks-'));
  const overridden = Object.keys(options.env).length > 0;
  const s3 = await startLocalS3();
  log(`local S3 server (moto) at ${s3.endpoint} for this run: notebooks that write a lake write it to s3://`);
  const roots = [PROJECT_ROOT, path.resolve(PROJECT_ROOT, '..'), os.tmpdir()];
  const advice: string[] = [];
  let failed = 0;
  try {
    for (const file of options.notebooks) {
      const name = path.basename(file);
      const fresh = path.join(scratch, name);
      const run = await executeNotebook(file, fresh, { ...s3.env, ...options.env });
      if (!run.ok) {
        failed++;
        log(`FAIL ${name}: a cell raised an error (${run.seconds.toFixed(1)}s)\n${run.stderr.trim()}`);
        continue;
      }
      if (options.update) {
        fs.copyFileSync(fresh, file);
        log(`updated ${name} (${run.seconds.toFixed(1)}s)`);
        continue;
      }
      if (overridden) {
        log(`ran ${name} (${run.seconds.toFixed(1)}s); outputs not compared: parameters overridden`);
        continue;
      }
      const read = (f: string) => JSON.parse(fs.readFileSync(f, 'utf8')) as NotebookJson;
      const problems = checkedDifferences(read(file), read(fresh), name, roots);
      if (problems.length > 0) {
        failed++;
        log(`FAIL ${name}: checked output differs from the committed notebook (${run.seconds.toFixed(1)}s)\n${problems.map((p) => p.text).join('\n\n')}`);
        advice.push(differsAdvice(file, problems.map((p) => ({ label: p.label, firstLine: p.firstLine }))));
      } else {
        log(`ok ${name} (${run.seconds.toFixed(1)}s)`);
      }
    }
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
    await s3.stop();
  }
  if (failed > 0) {
    log(`${failed} of ${options.notebooks.length} notebooks failed`);
    for (const a of advice) log(a);
  }
  return failed > 0 ? 1 : 0;
}

/**
 * A moto_server from .venv for the length of the run, and the kernel environment that points the AWS SDK at it:
 * scripts/notebook-env.js, which `npm run lab` uses too, so JupyterLab and this run give the kernel the same
 * environment (its dummy keys and region, none of the caller's AWS profile, session or service endpoints): a
 * regression run never reaches AWS and writes the same s3:// lake on every machine, and so does a Lab run.
 */
async function startLocalS3(): Promise<{ endpoint: string; env: NodeJS.ProcessEnv; stop(): Promise<void> }> {
  // scripts/ is plain CommonJS next to dist/, not compiled: required by path (the same from src/ and dist/).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { startNotebookEnv } = require(path.join(PROJECT_ROOT, 'scripts', 'notebook-env.js')) as {
    startNotebookEnv(): Promise<{ endpoint: string; env: NodeJS.ProcessEnv; stop(): Promise<void> }>;
  };
  return startNotebookEnv();
}

/** Notebooks that set Spark up themselves (6 calls ensureSpark), or any notebook with `--engine spark`. */
export function needsSpark(options: RunOptions): boolean {
  if (options.env.SPARKIFY_NB_ENGINE === 'spark') return true;
  return options.notebooks.some((file) => {
    const nb = JSON.parse(fs.readFileSync(file, 'utf8')) as NotebookJson;
    return nb.cells.some((c) => c.cell_type === 'code' && /\bensureSpark\(/.test(Array.isArray(c.source) ? c.source.join('') : c.source));
  });
}

/** A path as the user would type it from the project root (the advice is copied into a shell there). */
const inRepo = (file: string) => !path.relative(PROJECT_ROOT, file).startsWith('..') && !path.isAbsolute(path.relative(PROJECT_ROOT, file));
const fromRoot = (file: string) => (inRepo(file) ? path.relative(PROJECT_ROOT, file) : file);

/**
 * What to do about a notebook whose committed outputs differ: which cells, and both ways out. A Lab session
 * autosaves outputs into the tracked file, so restoring it is as likely the answer as updating it.
 */
export function differsAdvice(file: string, cells: Array<{ label: string; firstLine: string }>): string {
  const nb = fromRoot(file);
  return [
    `${nb}: ${cells.length === 1 ? '1 checked cell differs' : `${cells.length} checked cells differ`} from the committed outputs:`,
    ...cells.map((c) => `  ${c.label}: ${c.firstLine}`),
    ...(inRepo(file) ? [`  - if you did not mean to change them (e.g. JupyterLab saved outputs into the file), restore it: git checkout -- ${nb}`] : []),
    `  - if the change is intended, commit the fresh outputs: npm run notebooks -- --update ${nb}`,
  ].join('\n');
}

export async function main(args: string[]): Promise<number> {
  try {
    return await runNotebooks(parseArgs(args));
  } catch (err) {
    if (err instanceof UserError) {
      process.stderr.write(`notebooks: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}
