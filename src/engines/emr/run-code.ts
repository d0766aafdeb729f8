import { s3Join } from './s3-uri';
import { STEP_RUNNER_NAME } from './step-runner-file';

/**
 * Where one run's code lives on S3: the runner once per code prefix (the same file for every run, overwritten
 * with the current version), the spec and the runner's result per run.
 */
export interface RunCode {
  runnerUri: string;
  specUri: string;
  resultUri: string;
}

export function runCodeLocations(codePrefix: string, runId: string): RunCode {
  return {
    runnerUri: s3Join(codePrefix, STEP_RUNNER_NAME),
    specUri: s3Join(codePrefix, 'runs', runId, 'spec.json'),
    resultUri: s3Join(codePrefix, 'runs', runId, 'result.json'),
  };
}
