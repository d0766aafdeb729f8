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
}

export { STEP_RUNNER };

/** The venv is the project's .venv, or SPARKIFY_VENV (another checkout's, a shared one). */
export function locateSpark(venv = process.env.SPARKIFY_VENV || path.join(PROJECT_ROOT, '.venv')): SparkInstall {
  const sparkSubmit = path.join(venv, 'bin', 'spark-submit');
  const python = path.join(venv, 'bin', 'python');
  if (!fs.existsSync(sparkSubmit) || !fs.existsSync(python)) {
    throw new UserError(`the spark engine needs pyspark in ${venv}, which is missing; run npm run setup:python`);
  }
  const jarDir = path.join(venv, 'spark-jars');
  const jars = fs.existsSync(jarDir)
    ? fs.readdirSync(jarDir).filter((f) => f.endsWith('.jar')).sort().map((f) => path.join(jarDir, f))
    : [];
  return { sparkSubmit, python, jars, runner: STEP_RUNNER };
}
