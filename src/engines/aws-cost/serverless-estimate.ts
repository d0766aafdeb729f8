import type { Assumption } from './assumption';
import type { CostPhase } from './emr-estimate';
import { FULL_UDACITY_SIZES, type InputSizes } from './input-size';
import { serverlessPriceFor, type ServerlessArchitecture } from './prices';
import { sparkThroughput, type SparkThroughput } from './throughput';

/** One EMR Serverless worker's size: what it is billed for while it lives. */
export interface ServerlessWorker {
  vcpu: number;
  memoryGb: number;
  /** Its disk; the first `freeStorageGbPerWorker` GB of it are free. */
  diskGb: number;
}

/** The workers of one job run: a driver and a fixed number of executors, in a region, on an architecture. */
export interface ServerlessShape {
  region: string;
  /** As the price list spells it, or as the EMR Serverless API does (`X86_64`, `ARM64`). */
  architecture: ServerlessArchitecture | 'X86_64' | 'ARM64';
  driver: ServerlessWorker;
  executors: number;
  executor: ServerlessWorker;
}

/** EMR Serverless's default Spark worker (4 vCPU, 16 GB, 20 GB of disk) for the driver and each executor. */
const DEFAULT_WORKER: ServerlessWorker = { vcpu: 4, memoryGb: 16, diskGb: 20 };

/**
 * The default job: two executors, as many vCPUs as the default EMR cluster's two core nodes, so the two targets
 * compare like for like. Dynamic allocation may start more: the engine can pin it with spark.executor.instances.
 */
export const DEFAULT_SERVERLESS_SHAPE: ServerlessShape = { region: 'us-west-2', architecture: 'x86_64', driver: DEFAULT_WORKER, executors: 2, executor: DEFAULT_WORKER };

/** Not measured by the kit: how long workers take to be ready (not billed: billing starts when they are). */
const WORKER_START: Assumption = {
  name: 'workers ready',
  value: 1.5,
  unit: 'min',
  basis: 'assumed',
  source: 'an application without pre-initialized capacity starts its workers in ~1–2 min; billing starts when they are ready',
};

export interface ServerlessEstimate {
  title: string;
  phases: CostPhase[];
  /** From submission to the end, start of the workers included. */
  totalMinutes: number;
  /** What every worker is billed for: from ready to done, at least the per-worker minimum. */
  billedMinutes: number;
  vcpuHours: number;
  memoryGbHours: number;
  /** Storage beyond the free GB per worker. */
  storageGbHours: number;
  /** All workers together, $/hour. */
  perHour: number;
  totalDollars: number;
  assumptions: Assumption[];
}

/**
 * One job run on EMR Serverless: the same work as on a cluster (the step's phases at the same rates per vCPU,
 * spread over the executors' vCPUs; the driver runs no tasks), every worker billed from ready to the end of the job
 * for its vCPUs, memory and storage beyond the free 20 GB; no cluster to start or terminate, only workers.
 */
export function estimateServerlessCost(shape: Partial<ServerlessShape> & { region: string }, sizes: InputSizes = FULL_UDACITY_SIZES, throughput: SparkThroughput = sparkThroughput()): ServerlessEstimate {
  const s: ServerlessShape = { ...DEFAULT_SERVERLESS_SHAPE, ...shape };
  if (!(s.executors >= 1) || !(s.executor.vcpu >= 1)) throw new Error('an EMR Serverless job needs at least one executor with one vCPU');
  const price = serverlessPriceFor(s.region, s.architecture);
  const workers = [s.driver, ...Array.from({ length: s.executors }, () => s.executor)];
  const sum = (of: (w: ServerlessWorker) => number) => workers.reduce((total, w) => total + of(w), 0);
  const vcpus = sum((w) => w.vcpu);
  const memoryGb = sum((w) => w.memoryGb);
  const storageGb = sum((w) => Math.max(0, w.diskGb - price.freeStorageGbPerWorker));
  const perHour = vcpus * price.perVcpuHour + memoryGb * price.perGbHour + storageGb * price.perStorageGbHour;
  const cores = s.executors * s.executor.vcpu;
  const minutesOf = (work: number, perVcpuSecond: number) => (work === 0 ? 0 : work / (perVcpuSecond * cores) / 60);
  const working: Array<[string, number]> = [
    ['Spark start-up and stages', throughput.sparkStartupSeconds.value / 60],
    ['read the song files', minutesOf(sizes.songFiles, throughput.songFilesPerVcpuSecond.value)],
    ['decode and model the events', minutesOf(sizes.events, throughput.eventsPerVcpuSecond.value)],
    ['write the Parquet files', minutesOf(sizes.filesWritten, throughput.filesWrittenPerVcpuSecond.value)],
  ];
  const workMinutes = working.reduce((total, [, minutes]) => total + minutes, 0);
  const billedMinutes = Math.max(workMinutes, price.minimumBilledSecondsPerWorker / 60);
  const hours = billedMinutes / 60;
  const phases: CostPhase[] = [
    { phase: 'workers start (not billed)', minutes: WORKER_START.value, dollars: 0 },
    ...working.map(([phase, minutes]) => ({ phase, minutes, dollars: (minutes / 60) * perHour })),
  ];
  // A job shorter than the minimum is billed the minimum: the difference goes on the last phase.
  phases[phases.length - 1].dollars += ((billedMinutes - workMinutes) / 60) * perHour;
  const where = `${s.region} ${price.architecture}: ${price.source}`;
  const worker = (w: ServerlessWorker) => `${w.vcpu} vCPU, ${w.memoryGb} GB, ${w.diskGb} GB disk`;
  return {
    title: `EMR Serverless, 1 driver + ${s.executors} executors (${worker(s.executor)} each) in ${s.region}, ${price.architecture}`,
    phases,
    totalMinutes: WORKER_START.value + workMinutes,
    billedMinutes,
    vcpuHours: vcpus * hours,
    memoryGbHours: memoryGb * hours,
    storageGbHours: storageGb * hours,
    perHour,
    totalDollars: perHour * hours,
    assumptions: [
      { name: 'vCPU-hour', value: price.perVcpuHour, unit: '$/vCPU-h', basis: 'price list', source: where },
      { name: 'memory GB-hour', value: price.perGbHour, unit: '$/GB-h', basis: 'price list', source: where },
      { name: 'storage GB-hour', value: price.perStorageGbHour, unit: '$/GB-h', basis: 'price list', source: `beyond ${price.freeStorageGbPerWorker} GB per worker; ${where}` },
      { name: 'executors', value: s.executors, unit: 'workers', basis: 'assumed', source: `${worker(s.executor)} each, and a driver of ${worker(s.driver)}; the driver runs no tasks` },
      ...sizes.assumptions,
      throughput.eventsPerVcpuSecond,
      throughput.sparkStartupSeconds,
      throughput.songFilesPerVcpuSecond,
      throughput.filesWrittenPerVcpuSecond,
      WORKER_START,
    ],
  };
}
