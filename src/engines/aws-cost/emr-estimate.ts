import type { CostEstimate, CostPhase } from '../../core/cost-estimate';
import type { Assumption } from './assumption';
import { FULL_UDACITY_SIZES, type InputSizes } from './input-size';
import { priceFor } from './prices';
import { sparkThroughput, type SparkThroughput } from './throughput';

/**
 * What an EMR run costs, from stated assumptions rather than a quote: every figure it uses is a field of
 * `CostAssumptions`, so a reader can see (and change) what the estimate rests on. EMR and EC2 both bill per
 * second while the cluster runs, so the cost is the cluster's hourly price times the hours from provisioning to
 * termination. S3 requests and EBS add cents and are left out (docs/spark-emr.md gives their size).
 */
export interface CostAssumptions {
  instanceType: string;
  /** On-demand EC2 price of one node, $/hour. */
  ec2PerHour: number;
  /** EMR's uplift on that node, $/hour. */
  emrPerHour: number;
  /** The primary node runs the whole time but no tasks (the driver runs on a core node). */
  primaryNodes: number;
  /** EC2 + EMR of a primary node of another type than the core nodes, $/hour; absent: the core nodes' price. */
  primaryNodePerHour?: number;
  coreNodes: number;
  /** vCPUs per core node: Spark runs one task per vCPU. */
  vcpusPerNode: number;
  /** The data: the song files read one object at a time, the events, and the Parquet files written. */
  songFiles: number;
  events: number;
  filesWritten: number;
  /** Throughput per vCPU: small-object GETs, events decoded, validated and modeled, Parquet files PUT. */
  songFilesPerSecondPerCore: number;
  eventsPerSecondPerCore: number;
  filesWrittenPerSecondPerCore: number;
  /** spark-submit on YARN, the session, the job's stages: paid once per step whatever the data. */
  stepOverheadSeconds: number;
  /** Provisioning and bootstrap before the step starts, and termination after it ends. */
  startupMinutes: number;
  terminationMinutes: number;
}

/** The estimate's shape lives in core, for the charts that draw it; the EMR estimate makes it here. */
export type { CostEstimate, CostPhase };

/**
 * The estimate, phase by phase: minutes = work / (throughput per vCPU × the core nodes' vCPUs); dollars =
 * minutes / 60 × the cluster's hourly price (every node bills in every phase, idle or not).
 */
export function estimateEmrCost(a: CostAssumptions): CostEstimate {
  for (const [name, value] of Object.entries(a)) {
    if (typeof value === 'number' && !(value >= 0)) throw new Error(`cost assumption ${name} must be a number ≥ 0, got ${value}`);
  }
  if (!(a.coreNodes >= 1) || !(a.vcpusPerNode >= 1)) throw new Error('the cluster needs at least one core node with one vCPU');
  const cores = a.coreNodes * a.vcpusPerNode;
  const nodePerHour = a.ec2PerHour + a.emrPerHour;
  const clusterPerHour = a.primaryNodes * (a.primaryNodePerHour ?? nodePerHour) + a.coreNodes * nodePerHour;
  const minutesOf = (work: number, perSecondPerCore: number) => (work === 0 ? 0 : work / (perSecondPerCore * cores) / 60);
  const phases = [
    ['cluster start (provisioning, bootstrap)', a.startupMinutes],
    ['step: Spark start-up and stages', a.stepOverheadSeconds / 60],
    ['step: read the song files', minutesOf(a.songFiles, a.songFilesPerSecondPerCore)],
    ['step: decode and model the events', minutesOf(a.events, a.eventsPerSecondPerCore)],
    ['step: write the Parquet files', minutesOf(a.filesWritten, a.filesWrittenPerSecondPerCore)],
    ['termination', a.terminationMinutes],
  ].map(([phase, minutes]) => ({ phase: phase as string, minutes: minutes as number, dollars: ((minutes as number) / 60) * clusterPerHour }));
  const totalMinutes = phases.reduce((sum, p) => sum + p.minutes, 0);
  return { clusterPerHour, cores, phases, totalMinutes, totalDollars: (totalMinutes / 60) * clusterPerHour };
}

/** The same run on clusters of other sizes: more core nodes shorten the step but not start-up, and each costs. */
export function costByCoreNodes(a: CostAssumptions, coreNodeCounts: number[]): Array<{ coreNodes: number; minutes: number; dollars: number }> {
  return coreNodeCounts.map((coreNodes) => {
    const estimate = estimateEmrCost({ ...a, coreNodes });
    return { coreNodes, minutes: estimate.totalMinutes, dollars: estimate.totalDollars };
  });
}

/** A transient cluster as a run asks for it: one primary node and N core nodes, on demand, in a region. */
export interface EmrClusterShape {
  region: string;
  primaryInstanceType: string;
  coreInstanceType: string;
  coreNodes: number;
}

/** The kit's default cluster (src/engines/emr/emr-options.ts) in us-west-2, where the Udacity bucket is. */
export const DEFAULT_EMR_SHAPE: EmrClusterShape = { region: 'us-west-2', primaryInstanceType: 'm5.xlarge', coreInstanceType: 'm5.xlarge', coreNodes: 2 };

/** What EMR on EC2 adds around the step, whatever the data: not measured by the kit, so assumed and said so. */
const CLUSTER_TIMES = {
  startupMinutes: { name: 'cluster start', value: 8, unit: 'min', basis: 'assumed', source: "provisioning and bootstrap: EMR's typical 7–10 min" },
  terminationMinutes: { name: 'termination', value: 1.5, unit: 'min', basis: 'assumed', source: 'EMR typically takes 1–2 min to terminate a cluster, billed' },
  yarnSubmitSeconds: { name: 'YARN cluster-mode submit', value: 30, unit: 's', basis: 'assumed', source: "spark-submit's application master and executor containers on YARN, beyond local Spark's start-up" },
} satisfies Record<string, Assumption>;

/** An EMR estimate with what it rests on: the formula's inputs, and each figure labelled with its basis. */
export interface EmrRunEstimate extends CostEstimate {
  title: string;
  inputs: CostAssumptions;
  assumptions: Assumption[];
}

/** The formula's inputs for a cluster shape: prices from prices.json, sizes and rates with their own labels. */
export function emrCostInputs(shape: EmrClusterShape, sizes: InputSizes = FULL_UDACITY_SIZES, throughput: SparkThroughput = sparkThroughput()): { inputs: CostAssumptions; assumptions: Assumption[] } {
  const core = priceFor(shape.region, shape.coreInstanceType);
  const primary = priceFor(shape.region, shape.primaryInstanceType);
  const inputs: CostAssumptions = {
    instanceType: shape.coreInstanceType,
    ec2PerHour: core.ec2PerHour,
    emrPerHour: core.emrPerHour,
    primaryNodes: 1,
    ...(primary.instanceType !== core.instanceType ? { primaryNodePerHour: primary.ec2PerHour + primary.emrPerHour } : {}),
    coreNodes: shape.coreNodes,
    vcpusPerNode: core.vcpus,
    songFiles: sizes.songFiles,
    events: sizes.events,
    filesWritten: sizes.filesWritten,
    songFilesPerSecondPerCore: throughput.songFilesPerVcpuSecond.value,
    eventsPerSecondPerCore: throughput.eventsPerVcpuSecond.value,
    filesWrittenPerSecondPerCore: throughput.filesWrittenPerVcpuSecond.value,
    stepOverheadSeconds: throughput.sparkStartupSeconds.value + CLUSTER_TIMES.yarnSubmitSeconds.value,
    startupMinutes: CLUSTER_TIMES.startupMinutes.value,
    terminationMinutes: CLUSTER_TIMES.terminationMinutes.value,
  };
  const prices = [...new Map([primary, core].map((p) => [p.instanceType, p])).values()].flatMap((p): Assumption[] => [
    { name: `${p.instanceType} EC2 on demand`, value: p.ec2PerHour, unit: '$/h', basis: 'price list', source: `${p.region}: ${p.source}` },
    { name: `${p.instanceType} EMR uplift`, value: p.emrPerHour, unit: '$/h', basis: 'price list', source: `${p.region}: ${p.source}` },
  ]);
  return {
    inputs,
    assumptions: [
      ...prices,
      ...sizes.assumptions,
      throughput.eventsPerVcpuSecond,
      throughput.sparkStartupSeconds,
      CLUSTER_TIMES.yarnSubmitSeconds,
      throughput.songFilesPerVcpuSecond,
      throughput.filesWrittenPerVcpuSecond,
      CLUSTER_TIMES.startupMinutes,
      CLUSTER_TIMES.terminationMinutes,
    ],
  };
}

/** The estimate for one run on a transient cluster of this shape. */
export function estimateEmrRun(shape: EmrClusterShape, sizes?: InputSizes, throughput?: SparkThroughput): EmrRunEstimate {
  const { inputs, assumptions } = emrCostInputs(shape, sizes, throughput);
  const primary = shape.primaryInstanceType === shape.coreInstanceType ? '' : `${shape.primaryInstanceType} primary + `;
  const nodes = primary ? `${primary}${shape.coreNodes} × ${shape.coreInstanceType} core` : `1 + ${shape.coreNodes} × ${shape.coreInstanceType}`;
  return { ...estimateEmrCost(inputs), title: `EMR on EC2, ${nodes} on demand in ${shape.region}`, inputs, assumptions };
}
