import { UserError } from '../../errors';
import { DEFAULT_EMR_SHAPE, estimateEmrRun, type EmrRunEstimate } from '../aws-cost/emr-estimate';
import { formatCostEstimate } from '../aws-cost/format-cost';
import { DRY_RUN_SIZES, type InputSizes } from '../aws-cost/input-size';
import type { EmrSubmission } from './submission';

/**
 * What the submission's cluster would cost: its primary and core groups as the RunJobFlow asks for them, at the
 * region's prices. No estimate for a step on an existing cluster (a dry run does not describe it), a region or an
 * instance type prices.json lacks: the reason instead, so the dry run itself never fails over its estimate.
 */
export function dryRunEstimate(submission: EmrSubmission, region: string | undefined, sizes: InputSizes = DRY_RUN_SIZES): EmrRunEstimate | { notMade: string } {
  const request = submission.request;
  if (request.operation !== 'RunJobFlow') {
    return { notMade: `the step runs on ${request.input.JobFlowId}, an existing cluster a dry run does not describe; the run adds its step's minutes to that cluster's bill` };
  }
  const groups = request.input.Instances?.InstanceGroups ?? [];
  const primary = groups.find((g) => g.InstanceRole === 'MASTER');
  const core = groups.find((g) => g.InstanceRole === 'CORE');
  if (!primary?.InstanceType || !core?.InstanceType || !core.InstanceCount) return { notMade: 'the request names no primary and core instance groups' };
  try {
    return estimateEmrRun({ region: region ?? DEFAULT_EMR_SHAPE.region, primaryInstanceType: primary.InstanceType, coreInstanceType: core.InstanceType, coreNodes: core.InstanceCount }, sizes);
  } catch (err) {
    if (err instanceof UserError) return { notMade: err.message };
    throw err;
  }
}

/** The estimate as the dry run's text shows it: comment lines, so the commands around them still paste into a shell. */
export function formatDryRunCost(submission: EmrSubmission, region: string | undefined, sizes?: InputSizes): string[] {
  const estimate = dryRunEstimate(submission, region, sizes);
  if ('notMade' in estimate) return [`# cost estimate: not made: ${estimate.notMade}`];
  const noRegion = region ? [] : [`# (no region configured: ${DEFAULT_EMR_SHAPE.region}'s prices, where the Udacity bucket is)`];
  return [...noRegion, ...formatCostEstimate(estimate).map((line) => `# ${line}`)];
}
