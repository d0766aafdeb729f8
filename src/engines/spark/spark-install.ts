import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../../errors';
import { PROJECT_ROOT } from '../../project-root';
import { STEP_RUNNER } from '../spark-step/step-runner';

/** The project's own Spark: pyspark's spark-submit and Python in .venv (made by `npm run setup:python`). */
export interface SparkInstall {
  sparkSubmit: string;
  python: string;
  /** hadoop-aws and its AWS SDK bundle, for s3a://. */
  jars: string[];
  /** The generic step runner, shipped as source beside the models. */
  runner: string;
  /** The kit's Hadoop local file system (hadoop/NoForkLocalFileSystem.java, compiled by the setup when a JDK is
   *  here), or null: Hadoop's own then, which forks chmod for every file it writes. */
  localFileSystemJar?: string | null;
}

export { STEP_RUNNER };

/** The venv Spark runs from: the project's .venv, or SPARKIFY_VENV (another checkout's, a shared one). */
export function sparkVenv(): string {
  return process.env.SPARKIFY_VENV || path.join(PROJECT_ROOT, '.venv');
}

/** What of the Spark install is missing from `venv` (pyspark, the s3a jars, the Delta jars): empty when ready. */
export function sparkMissing(venv: string = sparkVenv()): string[] {
  const manifest = (dir: string, prefix: string) => fs.existsSync(dir) && fs.readdirSync(dir).some((f) => f.startsWith(prefix) && f.endsWith('.txt'));
  const missing: string[] = [];
  if (!fs.existsSync(path.join(venv, 'bin', 'spark-submit')) || !fs.existsSync(path.join(venv, 'bin', 'python'))) missing.push('pyspark');
  if (!manifest(path.join(venv, 'spark-jars'), 'jars-for-hadoop-')) missing.push('the s3a jars');
  if (!manifest(path.join(venv, 'delta-jars'), 'jars-for-delta-')) missing.push('the Delta jars');
  return missing;
}

/** The command that sets Spark up in the project's .venv (the Spark part of `npm run setup:python`). */
export const SPARK_SETUP = ['bash', [path.join(PROJECT_ROOT, 'scripts', 'setup-python.sh'), '--spark']] as const;

/**
 * The project's Spark, set up first when it is missing: `npm run lab` and `npm run notebooks` install Jupyter
 * without it (a few hundred MB that only Spark runs need), so the first `--engine spark` run installs it, saying so,
 * its progress on stderr. Another venv (SPARKIFY_VENV) without Spark is its owner's to set up: a one-line error.
 */
export function locateSpark(venv = sparkVenv()): SparkInstall {
  const missing = sparkMissing(venv);
  if (missing.length > 0) {
    // Only the project's own .venv is set up here (the setup script's); another venv is its owner's to set up.
    if (path.resolve(venv) !== path.join(PROJECT_ROOT, '.venv')) {
      throw new UserError(`the spark engine needs ${missing.join(', ')} in ${venv}${process.env.SPARKIFY_VENV ? ' (SPARKIFY_VENV)' : ''}; set Spark up there, or use the project's .venv`);
    }
    process.stderr.write(`sparkify: the spark engine needs ${missing.join(', ')}, not set up yet: installing into .venv once (scripts/setup-python.sh --spark, a few hundred MB)\n`);
    const setup = spawnSync(SPARK_SETUP[0], [...SPARK_SETUP[1]], { cwd: PROJECT_ROOT, stdio: ['ignore', process.stderr, process.stderr] });
    if (setup.status !== 0 || sparkMissing(venv).length > 0) throw new UserError('setting Spark up failed (its output is above); in a terminal: npm run setup:python -- --spark');
  }
  const jarDir = path.join(venv, 'spark-jars');
  const jars = fs.existsSync(jarDir)
    ? fs.readdirSync(jarDir).filter((f) => f.endsWith('.jar')).sort().map((f) => path.join(jarDir, f))
    : [];
  const localFileSystemJar = path.join(venv, 'sparkify-jars', 'no-fork-local-fs.jar');
  return {
    sparkSubmit: path.join(venv, 'bin', 'spark-submit'),
    python: path.join(venv, 'bin', 'python'),
    jars,
    runner: STEP_RUNNER,
    localFileSystemJar: fs.existsSync(localFileSystemJar) ? localFileSystemJar : null,
  };
}
