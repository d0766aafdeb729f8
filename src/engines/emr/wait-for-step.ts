import type { EMRClient } from '@aws-sdk/client-emr';
import type { Progress } from '../../progress';
import { CLUSTER_ENDED_STATES, clusterReason, clusterState, describeStepStatus, formatDuration, STEP_DONE_STATES, stepState, type StepStatus } from './step-status';

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
