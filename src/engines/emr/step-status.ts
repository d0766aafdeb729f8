import { DescribeClusterCommand, DescribeStepCommand, type Cluster, type EMRClient, type Step } from '@aws-sdk/client-emr';
import { UserError } from '../../errors';
import { awsCall } from './aws-errors';

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

export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return h > 0 ? `${h}h ${String(m).padStart(2, '0')}m` : m > 0 ? `${m}m ${String(s).padStart(2, '0')}s` : `${s}s`;
}
