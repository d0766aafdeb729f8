import type { RunCostMeasured } from '../../core/run-contract';
import { priceFor, type ServerlessPrice } from './prices';

/** GetJobRun's resource figures (the SDK's ResourceUtilization / TotalResourceUtilization). */
export interface ResourceUtilization {
  vCPUHour?: number;
  memoryGBHour?: number;
  storageGBHour?: number;
}

/** The fields of an EMR Serverless job run (GetJobRun's `jobRun`) that say what it used and was billed for. */
export interface JobRunUtilization {
  totalResourceUtilization?: ResourceUtilization;
  /** After the per-worker minimums, storage beyond the free GB only: what the bill counts. */
  billedResourceUtilization?: ResourceUtilization;
  totalExecutionDurationSeconds?: number;
}

/**
 * What a finished EMR Serverless job run cost: its billed utilization (or, when AWS reports none, its total
 * utilization) at the region's rates. Null when the run reports neither (a run that never started workers).
 */
export function serverlessCostFromUtilization(run: JobRunUtilization, prices: ServerlessPrice): RunCostMeasured | null {
  const billed = run.billedResourceUtilization;
  const used = billed ?? run.totalResourceUtilization;
  if (!used) return null;
  const vcpuHours = used.vCPUHour ?? 0;
  const memoryGbHours = used.memoryGBHour ?? 0;
  const storageGbHours = used.storageGBHour ?? 0;
  const which = billed
    ? 'billedResourceUtilization'
    : `totalResourceUtilization (no billed figures: before per-worker minimums, storage counted whole, not beyond ${prices.freeStorageGbPerWorker} GB per worker)`;
  return {
    dollars: vcpuHours * prices.perVcpuHour + memoryGbHours * prices.perGbHour + storageGbHours * prices.perStorageGbHour,
    source: `EMR Serverless GetJobRun ${which} at ${prices.region} ${prices.architecture} list prices (${prices.source})`,
    vcpuHours,
    memoryGbHours,
    storageGbHours,
    ...(run.totalExecutionDurationSeconds !== undefined ? { durationSeconds: run.totalExecutionDurationSeconds } : {}),
  };
}

/** One instance group of an EMR cluster as it ran. */
export interface InstanceGroupUse {
  instanceType: string;
  count: number;
  /** ON_DEMAND or SPOT (absent: on demand). */
  market?: string;
  /** MASTER, CORE or TASK, for the source text. */
  role?: string;
}

/** EC2 and EMR bill each instance per second with a one-minute minimum. */
const MINIMUM_BILLED_SECONDS = 60;

/**
 * What an EMR cluster cost over a window of its timeline (creation to termination for a transient cluster, a step's
 * start to end on a shared one): instances × hours at the region's EC2 + EMR prices. An upper bound: every instance
 * is counted for the whole window, though they start over its first minutes. Spot groups are priced on demand.
 */
export function emrCostFromTimeline(timeline: { start: Date; end: Date }, groups: InstanceGroupUse[], region: string, what = 'EMR cluster timeline'): RunCostMeasured {
  const seconds = Math.max(0, (timeline.end.getTime() - timeline.start.getTime()) / 1000);
  const hours = Math.max(seconds, MINIMUM_BILLED_SECONDS) / 3600;
  let instanceHours = 0;
  let dollars = 0;
  let source = '';
  for (const group of groups) {
    const price = priceFor(region, group.instanceType);
    instanceHours += group.count * hours;
    dollars += group.count * hours * (price.ec2PerHour + price.emrPerHour);
    source = price.source;
  }
  const spot = groups.some((g) => g.market === 'SPOT') ? '; SPOT groups priced on demand (an upper bound)' : '';
  const nodes = groups.map((g) => `${g.count} × ${g.instanceType}${g.role ? ` ${g.role}` : ''}`).join(' + ');
  return {
    dollars,
    source: `${what} ${timeline.start.toISOString()} → ${timeline.end.toISOString()} × ${nodes || 'no instances'} at ${region} on-demand EC2 + EMR list prices${spot} (${source || 'no prices needed'})`,
    instanceHours,
    durationSeconds: seconds,
  };
}
