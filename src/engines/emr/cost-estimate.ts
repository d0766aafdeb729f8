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

/**
 * The full Udacity dataset on the default cluster (1 primary + 2 core m5.xlarge). Prices: on-demand Linux in
 * us-east-1/us-west-2 (check the current EC2 and EMR price pages). Data: ~14,900 song files, the same 30 log
 * files as the sample (8,056 events), ~10,000 `songs` partition folders of one file each (docs/spark-emr.md).
 * Throughputs are assumed, not measured on EMR: ~25 small S3 GETs per second per vCPU (40 ms each), 10,000
 * events per second per vCPU through the Python decoder, 5 Parquet PUTs per second per vCPU.
 */
export const FULL_DATASET_ASSUMPTIONS: CostAssumptions = {
  instanceType: 'm5.xlarge',
  ec2PerHour: 0.192,
  emrPerHour: 0.048,
  primaryNodes: 1,
  coreNodes: 2,
  vcpusPerNode: 4,
  songFiles: 14_896,
  events: 8_056,
  filesWritten: 10_000,
  songFilesPerSecondPerCore: 25,
  eventsPerSecondPerCore: 10_000,
  filesWrittenPerSecondPerCore: 5,
  stepOverheadSeconds: 90,
  startupMinutes: 8,
  terminationMinutes: 1.5,
};

export interface CostPhase {
  phase: string;
  minutes: number;
  /** What the whole cluster costs during this phase, $. */
  dollars: number;
}

export interface CostEstimate {
  /** Nodes × (EC2 + EMR), $/hour. */
  clusterPerHour: number;
  cores: number;
  phases: CostPhase[];
  totalMinutes: number;
  totalDollars: number;
}

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
  const clusterPerHour = (a.primaryNodes + a.coreNodes) * (a.ec2PerHour + a.emrPerHour);
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
