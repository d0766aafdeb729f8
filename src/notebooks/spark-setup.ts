import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../project-root';
import { shownPathsStream } from './shown-paths';

/**
 * Spark is set up on first use, not with JupyterLab: `npm run lab` installs Jupyter and tslab only
 * (`scripts/setup-python.sh --no-spark`), and the first notebook that needs Spark (6, or any with
 * `engine: 'spark'`) calls `ensureSpark`, which runs the Spark part of the setup (`--spark`: pyspark and its
 * s3a and Delta jars) when it is missing. Where the Spark engine looks: the project's .venv, or SPARKIFY_VENV.
 */
export function sparkVenv(): string {
  return process.env.SPARKIFY_VENV || path.join(PROJECT_ROOT, '.venv');
}

/** What of the Spark install is missing from `venv`: empty when Spark is ready. */
export function sparkMissing(venv: string = sparkVenv()): string[] {
  const manifest = (dir: string, prefix: string) =>
    fs.existsSync(dir) && fs.readdirSync(dir).some((f) => f.startsWith(prefix) && f.endsWith('.txt'));
  const missing: string[] = [];
  if (!fs.existsSync(path.join(venv, 'bin', 'spark-submit'))) missing.push('pyspark');
  if (!manifest(path.join(venv, 'spark-jars'), 'jars-for-hadoop-')) missing.push('the s3a jars');
  if (!manifest(path.join(venv, 'delta-jars'), 'jars-for-delta-')) missing.push('the Delta jars');
  return missing;
}

/**
 * Installs Spark into the project's .venv when it is missing, saying so and streaming the setup's progress to
 * `stream` (paths as `shownPaths` writes them); prints nothing when Spark is already there (so a notebook's output is the same either way once set up).
 */
export async function ensureSpark(stream: NodeJS.WritableStream = process.stdout): Promise<void> {
  const out = shownPathsStream(stream); // a cell's output is saved into the notebook: no machine paths in it
  const venv = sparkVenv();
  const missing = sparkMissing(venv);
  if (missing.length === 0) return;
  if (process.env.SPARKIFY_VENV) {
    throw new Error(`SPARKIFY_VENV=${venv} lacks ${missing.join(', ')}; set Spark up there, or unset SPARKIFY_VENV to use the project's .venv`);
  }
  out.write(`Spark is not set up yet (missing: ${missing.join(', ')}): installing it into .venv once, with `
    + `scripts/setup-python.sh --spark (pyspark and its jars, a few hundred MB; a few minutes)\n`);
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn('bash', [path.join(PROJECT_ROOT, 'scripts', 'setup-python.sh'), '--spark'], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk: Buffer) => out.write(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => out.write(chunk.toString()));
    child.on('error', reject);
    child.on('close', resolve);
  });
  if (code !== 0 || sparkMissing(venv).length > 0) {
    throw new Error('setting up Spark failed (see above); in a terminal: npm run setup:python -- --spark');
  }
  out.write('Spark is set up\n');
}
