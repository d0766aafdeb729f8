import { ListInstanceGroupsCommand, type Cluster, type EMRClient, type InstanceGroup } from '@aws-sdk/client-emr';
import type { RunCostMeasured } from '../../core/run-contract';
import { awsCall } from '../../storage/aws-errors';
import { emrCostFromTimeline } from '../aws-cost/measured-cost';
import { describeCluster } from './monitoring';

/** The window of a step on a cluster it shares with other work: only that step's time is the run's. */
export interface StepWindow {
  start?: Date;
  end?: Date;
}

/**
 * A run's EMR cost from its cluster as the API reports it: the instance groups (their requested counts: a
 * terminated cluster runs none) over the cluster's timeline, creation to termination, at the region's prices. A
 * cluster not terminated yet counts up to `now`, and says so. With `step` (a step added to an existing cluster,
 * --cluster-id), the window is the step's own start to end. Null when the timeline has no start yet.
 */
export function clusterCost(cluster: Cluster, groups: InstanceGroup[], region: string, options: { step?: StepWindow; now?: Date } = {}): RunCostMeasured | null {
  const now = options.now ?? new Date();
  // Primary, core, task: the order the API lists them in varies.
  const order = ['MASTER', 'CORE', 'TASK'];
  const sorted = [...groups].sort((a, b) => order.indexOf(a.InstanceGroupType ?? '') - order.indexOf(b.InstanceGroupType ?? ''));
  const uses = sorted.map((g) => ({
    instanceType: g.InstanceType ?? 'unknown',
    count: g.RequestedInstanceCount ?? g.RunningInstanceCount ?? 0,
    market: g.Market,
    role: g.InstanceGroupType,
  }));
  if (options.step) {
    if (!options.step.start) return null;
    const end = options.step.end ?? now;
    return emrCostFromTimeline({ start: options.step.start, end }, uses, region, `EMR step on shared cluster ${cluster.Id ?? '?'}${options.step.end ? '' : ' (still running: up to now)'}`);
  }
  const timeline = cluster.Status?.Timeline;
  if (!timeline?.CreationDateTime) return null;
  const ended = timeline.EndDateTime;
  const what = `EMR cluster ${cluster.Id ?? '?'} timeline${ended ? '' : ` (still ${cluster.Status?.State ?? 'running'}: up to now)`}`;
  return emrCostFromTimeline({ start: timeline.CreationDateTime, end: ended ?? now }, uses, region, what);
}

/** The same from the API: DescribeCluster, then ListInstanceGroups (every page). */
export async function emrClusterCost(emr: EMRClient, clusterId: string, region: string, options: { step?: StepWindow; now?: Date } = {}): Promise<RunCostMeasured | null> {
  const cluster = await describeCluster(emr, clusterId);
  const groups: InstanceGroup[] = [];
  let marker: string | undefined;
  do {
    const page = await awsCall(`EMR ListInstanceGroups on ${clusterId}`, () => emr.send(new ListInstanceGroupsCommand({ ClusterId: clusterId, Marker: marker })));
    groups.push(...(page.InstanceGroups ?? []));
    marker = page.Marker;
  } while (marker);
  return clusterCost(cluster, groups, region, options);
}
