import { type ActionOnFailure, type StepConfig, type RunJobFlowCommandInput, type AddJobFlowStepsCommandInput, AddJobFlowStepsCommand, ListStepsCommand, RunJobFlowCommand, EMRClient } from '@aws-sdk/client-emr';
import type { EmrOptions } from './emr-options';
import type { S3Client } from '@aws-sdk/client-s3';
import { awsClientSettings, newS3Client } from '../../storage/s3-client';
import { UserError } from '../../errors';
import type { SparkJobSpec } from '../spark-step/job-spec';
import { awsCall } from '../../storage/aws-errors';
import { clusterReason, describeCluster } from './monitoring';
import { planUploads, sendUploads, type RunCode, type Upload } from '../aws/run-code';

export type { RunCode } from '../aws/run-code';

/**
 * The EMR step that runs the job: command-runner.jar runs spark-submit on the primary node, in cluster deploy
 * mode (the driver runs in YARN on a core node, so the primary node is not the bottleneck), on the runner and
 * its spec, both read from S3.
 */
export function sparkStep(name: string, code: RunCode, sparkConf: Record<string, string>, actionOnFailure: ActionOnFailure): StepConfig {
  const conf = Object.entries(sparkConf).flatMap(([key, value]) => ['--conf', `${key}=${value}`]);
  return {
    Name: name,
    ActionOnFailure: actionOnFailure,
    HadoopJarStep: {
      Jar: 'command-runner.jar',
      Args: ['spark-submit', '--deploy-mode', 'cluster', ...conf, code.runnerUri, '--spec', code.specUri],
    },
  };
}

/**
 * A transient cluster for one run: Spark only, one primary and N core nodes on demand, and no reason to
 * outlive its step — it terminates when the step ends (KeepJobFlowAliveWhenNoSteps false) and the step's
 * ActionOnFailure is TERMINATE_CLUSTER, so a failed step ends the cluster too: nobody pays for an idle cluster.
 */
export function runJobFlowRequest(name: string, options: EmrOptions, step: StepConfig): RunJobFlowCommandInput {
  return {
    Name: name,
    ReleaseLabel: options.releaseLabel,
    Applications: [{ Name: 'Spark' }],
    LogUri: options.logUri,
    ServiceRole: options.serviceRole,
    JobFlowRole: options.jobFlowRole,
    VisibleToAllUsers: true,
    Instances: {
      InstanceGroups: [
        { Name: 'Primary', InstanceRole: 'MASTER', Market: 'ON_DEMAND', InstanceType: options.primaryInstanceType, InstanceCount: 1 },
        { Name: 'Core', InstanceRole: 'CORE', Market: 'ON_DEMAND', InstanceType: options.coreInstanceType, InstanceCount: options.coreInstanceCount },
      ],
      KeepJobFlowAliveWhenNoSteps: false,
      TerminationProtected: false,
      ...(options.subnetId ? { Ec2SubnetId: options.subnetId } : {}),
    },
    Steps: [step],
    Tags: Object.entries(options.tags).map(([Key, Value]) => ({ Key, Value })),
  };
}

/** The run as a step on a cluster someone else runs: a failed step leaves that cluster alone (CONTINUE). */
export function addStepsRequest(clusterId: string, step: StepConfig): AddJobFlowStepsCommandInput {
  return { JobFlowId: clusterId, Steps: [step] };
}

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

/**
 * The kit's AWS clients. Region and credentials come only from the SDK's default chain (AWS_PROFILE,
 * AWS_REGION, the shared config, instance roles); an endpoint only from AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL_EMR /
 * AWS_ENDPOINT_URL (an S3-compatible server or an emulator), in which case S3 uses path-style addresses
 * (bucket names in the path), as such servers expect.
 */
export interface AwsClients {
  emr: EMRClient;
  s3: S3Client;
}

/** The EMR engine's clients, with the settings every AWS client of the kit shares (storage/s3-client.ts). */
export function createAwsClients(env: NodeJS.ProcessEnv = process.env): AwsClients {
  return { emr: new EMRClient(awsClientSettings('EMR', env)), s3: newS3Client(env) };
}
