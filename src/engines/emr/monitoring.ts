import { DescribeClusterCommand, DescribeStepCommand, type Cluster, type EMRClient, type Step } from '@aws-sdk/client-emr';
import { UserError } from '../../errors';
import { awsCall } from '../../storage/aws-errors';
import type { S3Client } from '@aws-sdk/client-s3';
import { s3Join } from '../../storage/s3-uri';
import { readLogTail, type LogTail } from '../aws/log-tail';
import { formatDuration, pollUntilDone, type WaitOptions } from '../aws/poll';

export type { Clock, WaitOptions } from '../aws/poll';

export const STEP_DONE_STATES = new Set(['COMPLETED', 'CANCELLED', 'FAILED', 'INTERRUPTED']);
export const CLUSTER_ENDED_STATES = new Set(['TERMINATED', 'TERMINATED_WITH_ERRORS']);

/** A step and the cluster it runs on, as the EMR API reports them now. */
export interface StepStatus {
  clusterId: string;
  stepId: string;
  step: Step;
  cluster: Cluster;
}

export async function describeStepStatus(emr: EMRClient, clusterId: string, stepId: string): Promise<StepStatus> {
  // The cluster first: an unknown cluster is then one clear InvalidRequestException ("Cluster id … is not valid").
  const cluster = await describeCluster(emr, clusterId);
  const { Step: step } = await awsCall(`EMR DescribeStep ${stepId} on ${clusterId}`, () => emr.send(new DescribeStepCommand({ ClusterId: clusterId, StepId: stepId })));
  if (!step) throw new UserError(`EMR DescribeStep: cluster ${clusterId} has no step ${stepId}`);
  return { clusterId, stepId, step, cluster };
}

export async function describeCluster(emr: EMRClient, clusterId: string): Promise<Cluster> {
  const { Cluster: cluster } = await awsCall(`EMR DescribeCluster ${clusterId}`, () => emr.send(new DescribeClusterCommand({ ClusterId: clusterId })));
  if (!cluster) throw new UserError(`EMR DescribeCluster: no cluster ${clusterId}`);
  return cluster;
}

export function stepState(status: StepStatus): string {
  return status.step.Status?.State ?? 'UNKNOWN';
}

export function clusterState(status: StepStatus): string {
  return status.cluster.Status?.State ?? 'UNKNOWN';
}

/** One line per fact, for `sparkify emr status` and for the end of a wait. */
export function formatStepStatus(status: StepStatus, now = new Date()): string {
  const { step, cluster } = status;
  const timeline = step.Status?.Timeline ?? {};
  const lines = [
    `step ${status.stepId} (${step.Name ?? 'unnamed'}): ${stepState(status)}`,
    `cluster ${status.clusterId} (${cluster.Name ?? 'unnamed'}): ${clusterState(status)}${clusterReason(cluster)}`,
  ];
  if (timeline.StartDateTime) {
    const end = timeline.EndDateTime ?? now;
    lines.push(`started ${timeline.StartDateTime.toISOString()}, ${timeline.EndDateTime ? 'ran' : 'running for'} ${formatDuration(end.getTime() - timeline.StartDateTime.getTime())}`);
  } else if (timeline.CreationDateTime) {
    lines.push(`submitted ${timeline.CreationDateTime.toISOString()}, not started yet`);
  }
  const failure = step.Status?.FailureDetails;
  if (failure) lines.push(`failure: ${[failure.Reason, failure.Message].filter(Boolean).join(': ') || 'no details'}${failure.LogFile ? ` (log: ${failure.LogFile})` : ''}`);
  const reason = step.Status?.StateChangeReason?.Message;
  if (reason) lines.push(`reason: ${reason}`);
  if (stepState(status) === 'FAILED') lines.push(`stderr: sparkify emr logs --cluster-id ${status.clusterId} --step-id ${status.stepId}`);
  return lines.join('\n');
}

export function clusterReason(cluster: Cluster): string {
  const reason = cluster.Status?.StateChangeReason;
  if (!reason?.Code && !reason?.Message) return '';
  return ` (${[reason.Code, reason.Message].filter(Boolean).join(': ')})`;
}

/** How a wait ended: the step reached a final state, its cluster ended first, or the wait timed out. */
export type WaitOutcome =
  | { kind: 'step-done'; status: StepStatus }
  | { kind: 'cluster-ended'; status: StepStatus }
  | { kind: 'timed-out'; status: StepStatus };

/**
 * Polls the step and its cluster until the step ends, printing each change of either state with the time
 * waited so far (aws/poll.ts backs the interval off while nothing changes). A cluster that ends while its step
 * has not (a bootstrap failure, someone terminating it) stops the wait too.
 */
export async function waitForStep(emr: EMRClient, clusterId: string, stepId: string, options: WaitOptions): Promise<WaitOutcome> {
  const { done, status } = await pollUntilDone(() => describeStepStatus(emr, clusterId, stepId), {
    describe: (s) => `step ${stepState(s)}, cluster ${clusterState(s)}`,
    announce: (s, now, waited) => `EMR ${stepId} on ${clusterId}: ${now}${clusterState(s).startsWith('TERMINAT') ? clusterReason(s.cluster) : ''} (waited ${waited})`,
    isDone: (s) => STEP_DONE_STATES.has(stepState(s)) || CLUSTER_ENDED_STATES.has(clusterState(s)),
  }, options);
  if (!done) return { kind: 'timed-out', status };
  return { kind: STEP_DONE_STATES.has(stepState(status)) ? 'step-done' : 'cluster-ended', status };
}

/**
 * Where EMR puts a step's logs: `<LogUri>/<cluster id>/steps/<step id>/` holds controller.gz, stdout.gz and
 * stderr.gz (gzipped, copied from the primary node about every five minutes, and once more when the step ends).
 * For a spark-submit in cluster mode, stderr holds the client's report: the YARN application id, its final
 * state and the driver's exception when the job failed.
 */
export function stepLogUri(logUri: string, clusterId: string, stepId: string, file = 'stderr.gz'): string {
  return s3Join(logUri, clusterId, 'steps', stepId, file);
}

/** The last `lines` lines of a step's stderr, found from the cluster's own LogUri unless one is given. */
export async function readStepStderrTail(
  clients: { emr: EMRClient; s3: S3Client },
  clusterId: string,
  stepId: string,
  lines: number,
  logUri?: string,
): Promise<LogTail> {
  let base = logUri;
  if (!base) {
    const status = await describeStepStatus(clients.emr, clusterId, stepId);
    base = status.cluster.LogUri;
    if (!base) throw new UserError(`cluster ${clusterId} has no log URI, so its step logs were not kept; give --log-uri if they are elsewhere`);
  }
  const uri = stepLogUri(base, clusterId, stepId);
  return readLogTail(clients.s3, uri, lines, `no stderr for step ${stepId} at ${uri} yet: EMR copies step logs there every few minutes and when the step ends; try again shortly`);
}
