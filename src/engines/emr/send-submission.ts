import { AddJobFlowStepsCommand, ListStepsCommand, RunJobFlowCommand } from '@aws-sdk/client-emr';
import { UserError } from '../../errors';
import type { AwsClients } from './aws-clients';
import { clusterReason, describeCluster } from './step-status';
import { awsCall } from './aws-errors';
import type { EmrSubmission } from './emr-submission';
import { sendUploads } from './upload-run-code';

export interface SubmittedStep {
  clusterId: string;
  stepId: string;
}

/** Uploads the runner and spec, then creates the cluster with its step, or adds the step to the cluster. */
export async function sendSubmission(clients: AwsClients, submission: EmrSubmission): Promise<SubmittedStep> {
  const { request } = submission;
  // A wrong or ended cluster is found before anything is uploaded.
  if (request.operation === 'AddJobFlowSteps') await checkClusterTakesSteps(clients, request.input.JobFlowId!);
  await sendUploads(clients.s3, submission.uploads);
  if (request.operation === 'AddJobFlowSteps') {
    const clusterId = request.input.JobFlowId!;
    const out = await awsCall(`EMR AddJobFlowSteps on ${clusterId}`, () => clients.emr.send(new AddJobFlowStepsCommand(request.input)));
    return { clusterId, stepId: out.StepIds![0] };
  }
  const out = await awsCall('EMR RunJobFlow', () => clients.emr.send(new RunJobFlowCommand(request.input)));
  const clusterId = out.JobFlowId!;
  // RunJobFlow returns only the cluster; its one step is the first (and only) one listed.
  const steps = await awsCall(`EMR ListSteps on ${clusterId}`, () => clients.emr.send(new ListStepsCommand({ ClusterId: clusterId })));
  const stepId = steps.Steps?.[steps.Steps.length - 1]?.Id;
  if (!stepId) throw new Error(`EMR created cluster ${clusterId} but lists no step on it`);
  return { clusterId, stepId };
}

async function checkClusterTakesSteps(clients: AwsClients, clusterId: string): Promise<void> {
  const cluster = await describeCluster(clients.emr, clusterId);
  const state = cluster.Status?.State ?? 'UNKNOWN';
  if (state.startsWith('TERMINAT')) {
    throw new UserError(`cluster ${clusterId} is ${state}${clusterReason(cluster)} and takes no more steps; leave out --cluster-id to run on a new transient cluster`);
  }
}
