import * as path from 'node:path';
import { PROJECT_ROOT } from '../../project-root';

/** The generic Spark step runner (the project's one Python file), shipped in the package beside the TS sources. */
export const STEP_RUNNER = path.join(PROJECT_ROOT, 'src', 'engines', 'spark-step', 'step_runner.py');

/** The runner EMR uploads: SPARKIFY_STEP_RUNNER points at another copy (trying a changed runner on EMR without
 *  reinstalling the kit). */
export function stepRunnerPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.SPARKIFY_STEP_RUNNER || STEP_RUNNER;
}

/** Its name on S3, under the code prefix. */
export const STEP_RUNNER_NAME = 'step_runner.py';
