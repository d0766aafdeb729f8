import { DescribeClusterCommand, DescribeStepCommand, type Cluster, type EMRClient, type Step } from '@aws-sdk/client-emr';
import { UserError } from '../../errors';
import { awsCall } from '../../storage/aws-errors';
import type { Progress } from '../../progress';
import type { S3Client } from '@aws-sdk/client-s3';
import { decodeText } from '../../ingest/text-lines';
import { parseS3Uri, s3Join } from '../../storage/s3-uri';
import { getObjectOrNull } from '../../storage/s3-storage';

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

export interface WaitOptions {
  progress: Progress;
  pollSeconds: number;
  maxPollSeconds: number;
  timeoutMinutes?: number;
  /** Time and sleeping; tests pass a virtual clock. */
  clock?: Clock;
}

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const realClock: Clock = { now: () => Date.now(), sleep: (ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)) };

/** How a wait ended: the step reached a final state, its cluster ended first, or the wait timed out. */
export type WaitOutcome =
  | { kind: 'step-done'; status: StepStatus }
  | { kind: 'cluster-ended'; status: StepStatus }
  | { kind: 'timed-out'; status: StepStatus };

/**
 * Polls the step and its cluster until the step ends, printing each change of either state with the time
 * waited so far. The interval starts at pollSeconds and grows by half each quiet poll up to maxPollSeconds
 * (a run takes many minutes; polling fast only spends API calls), and drops back after a change.
 * A cluster that ends while its step has not (a bootstrap failure, someone terminating it) stops the wait too.
 */
export async function waitForStep(emr: EMRClient, clusterId: string, stepId: string, options: WaitOptions): Promise<WaitOutcome> {
  const clock = options.clock ?? realClock;
  const started = clock.now();
  const deadline = options.timeoutMinutes === undefined ? Infinity : started + options.timeoutMinutes * 60_000;
  let interval = options.pollSeconds;
  let last = '';
  for (;;) {
    const status = await describeStepStatus(emr, clusterId, stepId);
    const now = `step ${stepState(status)}, cluster ${clusterState(status)}`;
    if (now !== last) {
      options.progress.log(`EMR ${stepId} on ${clusterId}: ${now}${clusterState(status).startsWith('TERMINAT') ? clusterReason(status.cluster) : ''} (waited ${formatDuration(clock.now() - started)})`);
      last = now;
      interval = options.pollSeconds;
    } else {
      interval = Math.min(options.maxPollSeconds, interval * 1.5);
    }
    if (STEP_DONE_STATES.has(stepState(status))) return { kind: 'step-done', status };
    if (CLUSTER_ENDED_STATES.has(clusterState(status))) return { kind: 'cluster-ended', status };
    if (clock.now() + interval * 1000 > deadline) {
      return { kind: 'timed-out', status };
    }
    await clock.sleep(interval * 1000);
  }
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

export interface StepLogTail {
  uri: string;
  lines: string[];
  totalLines: number;
}

/** The last `lines` lines of a step's stderr, found from the cluster's own LogUri unless one is given. */
export async function readStepStderrTail(
  clients: { emr: EMRClient; s3: S3Client },
  clusterId: string,
  stepId: string,
  lines: number,
  logUri?: string,
): Promise<StepLogTail> {
  let base = logUri;
  if (!base) {
    const status = await describeStepStatus(clients.emr, clusterId, stepId);
    base = status.cluster.LogUri;
    if (!base) throw new UserError(`cluster ${clusterId} has no log URI, so its step logs were not kept; give --log-uri if they are elsewhere`);
  }
  const uri = stepLogUri(base, clusterId, stepId);
  const { bucket, key } = parseS3Uri(uri);
  const body = await awsCall(`S3 GetObject ${uri}`, () => getObjectOrNull(clients.s3, bucket, key));
  if (body === null) {
    throw new UserError(`no stderr for step ${stepId} at ${uri} yet: EMR copies step logs there every few minutes and when the step ends; try again shortly`);
  }
  const text = decodeText(body);
  const all = text.replace(/\n$/, '').split('\n');
  return { uri, lines: all.slice(-lines), totalLines: all.length };
}

