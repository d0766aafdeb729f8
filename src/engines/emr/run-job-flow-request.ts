import type { RunJobFlowCommandInput, StepConfig } from '@aws-sdk/client-emr';
import type { EmrOptions } from './emr-options';

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
