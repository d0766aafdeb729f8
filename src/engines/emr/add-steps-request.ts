import type { AddJobFlowStepsCommandInput, StepConfig } from '@aws-sdk/client-emr';

/** The run as a step on a cluster someone else runs: a failed step leaves that cluster alone (CONTINUE). */
export function addStepsRequest(clusterId: string, step: StepConfig): AddJobFlowStepsCommandInput {
  return { JobFlowId: clusterId, Steps: [step] };
}
