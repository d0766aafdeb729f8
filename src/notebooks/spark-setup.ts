import { spawn } from 'node:child_process';
import { PROJECT_ROOT } from '../project-root';
import { shownPathsStream } from './shown-paths';
import { engineSetup } from '../engines/registry';

/**
 * Spark is set up on first use, not with JupyterLab: `npm run lab` installs Jupyter and tslab only
 * (`scripts/setup-python.sh --no-spark`), and the first notebook that needs Spark (6, or any with
 * `engine: 'spark'`) calls `ensureSpark`, which runs the Spark part of the setup (`--spark`: pyspark and its
 * s3a and Delta jars) when it is missing (what is missing, and where: the Spark engine's setup, from the registry),
 * saying so and streaming the setup's progress to `stream` with paths as `shownPaths` writes them. Prints nothing
 * when Spark is there, so a notebook's output is the same either way once set up. (A `--engine spark` run from the
 * CLI sets Spark up the same way, in locateSpark.)
 */
export async function ensureSpark(stream: NodeJS.WritableStream = process.stdout): Promise<void> {
  const out = shownPathsStream(stream); // a cell's output is saved into the notebook: no machine paths in it
  const spark = engineSetup('spark');
  const venv = spark.location();
  const missing = spark.missing(venv);
  if (missing.length === 0) return;
  if (process.env.SPARKIFY_VENV) {
    throw new Error(`SPARKIFY_VENV=${venv} lacks ${missing.join(', ')}; set Spark up there, or unset SPARKIFY_VENV to use the project's .venv`);
  }
  out.write(`Spark is not set up yet (missing: ${missing.join(', ')}): installing it into .venv once, with `
    + `scripts/setup-python.sh --spark (pyspark and its jars, a few hundred MB; a few minutes)\n`);
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(spark.command[0], [...spark.command[1]], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk: Buffer) => out.write(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => out.write(chunk.toString()));
    child.on('error', reject);
    child.on('close', resolve);
  });
  if (code !== 0 || spark.missing(venv).length > 0) {
    throw new Error('setting up Spark failed (see above); in a terminal: npm run setup:python -- --spark');
  }
  out.write('Spark is set up\n');
}
