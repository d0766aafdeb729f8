import type { JobRun } from '@aws-sdk/client-emr-serverless';
import type { RunCostEstimate, RunCostMeasured } from '../../core/run-contract';
import { UserError } from '../../errors';
import { estimateRecord } from '../aws-cost/estimate-record';
import { formatCostEstimate } from '../aws-cost/format-cost';
import type { InputSizes } from '../aws-cost/input-size';
import { serverlessCostFromUtilization } from '../aws-cost/measured-cost';
import { serverlessPriceFor } from '../aws-cost/prices';
import { estimateServerlessCost, type ServerlessEstimate } from '../aws-cost/serverless-estimate';
import { serverlessShapeFromSparkConf } from '../aws-cost/serverless-shape';
import type { ServerlessOptions } from './serverless-options';

// A run without a configured region is priced where the Udacity input bucket is.
const DEFAULT_REGION = 'us-west-2';

/**
 * What a job run of these options should cost: its driver and executors from the Spark properties it is submitted
 * with, the work from the input's sizes, at the region's prices. The reason instead when prices.json lacks the
 * region, so a run never fails over its estimate.
 */
export function serverlessEstimate(options: ServerlessOptions, region: string | undefined, sizes: InputSizes): ServerlessEstimate | { notMade: string } {
  try {
    const arch = options.architecture === 'ARM64' ? 'arm64' : 'x86_64';
    return estimateServerlessCost(serverlessShapeFromSparkConf(region ?? DEFAULT_REGION, arch, options.sparkConf), sizes);
  } catch (err) {
    if (err instanceof UserError) return { notMade: err.message };
    throw err;
  }
}

/** The estimate as a dry run shows it: comment lines, so the commands around them still paste into a shell. */
export function formatServerlessCost(estimate: ServerlessEstimate | { notMade: string }, region: string | undefined): string[] {
  if ('notMade' in estimate) return [`# cost estimate: not made: ${estimate.notMade}`];
  const noRegion = region ? [] : [`# (no region configured: ${DEFAULT_REGION}'s prices, where the Udacity bucket is)`];
  return [...noRegion, ...formatCostEstimate(estimate).map((line) => `# ${line}`)];
}

export function estimateForManifest(estimate: ServerlessEstimate | { notMade: string }): RunCostEstimate | undefined {
  return 'notMade' in estimate ? undefined : estimateRecord(estimate);
}

/** What the finished job run cost, from the utilization GetJobRun reports; null when it reports none or the region has no prices. */
export function measuredJobRunCost(jobRun: JobRun, options: ServerlessOptions, region: string | undefined): RunCostMeasured | null {
  try {
    return serverlessCostFromUtilization(jobRun, serverlessPriceFor(region ?? DEFAULT_REGION, options.architecture === 'ARM64' ? 'arm64' : 'x86_64'));
  } catch (err) {
    if (err instanceof UserError) return null;
    throw err;
  }
}
