import type { AddJobFlowStepsCommandInput, RunJobFlowCommandInput } from '@aws-sdk/client-emr';
import type { SparkJobSpec } from '../spark/job-spec';
import { addStepsRequest } from './add-steps-request';
import type { EmrOptions } from './emr-options';
import { runJobFlowRequest } from './run-job-flow-request';
import type { RunCode } from './run-code';
import { sparkStep } from './spark-step';
import { planUploads, type Upload } from './upload-run-code';

export type EmrRequest =
  | { operation: 'RunJobFlow'; input: RunJobFlowCommandInput }
  | { operation: 'AddJobFlowSteps'; input: AddJobFlowStepsCommandInput };

/** Everything one run sends, before anything is sent: what --dry-run prints, and what a real run executes. */
export interface EmrSubmission {
  runId: string;
  code: RunCode;
  uploads: Upload[];
  request: EmrRequest;
}

export function planEmrSubmission(runId: string, spec: SparkJobSpec, code: RunCode, options: EmrOptions, runnerPath: string): EmrSubmission {
  const stepName = `sparkify-etl ${runId}`;
  const request: EmrRequest = options.clusterId
    ? { operation: 'AddJobFlowSteps', input: addStepsRequest(options.clusterId, sparkStep(stepName, code, options.sparkConf, 'CONTINUE')) }
    : { operation: 'RunJobFlow', input: runJobFlowRequest(`sparkify-etl-${runId}`, options, sparkStep(stepName, code, options.sparkConf, 'TERMINATE_CLUSTER')) };
  return { runId, code, uploads: planUploads(code, spec, runnerPath), request };
}
