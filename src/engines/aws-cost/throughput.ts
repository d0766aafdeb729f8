import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../../project-root';
import type { Assumption } from './assumption';

/** What a Spark run gets done per vCPU, and what it pays once whatever the data: the rates the estimates use. */
export interface SparkThroughput {
  /** Events read, validated, modelled and written, per vCPU-second (with the songs and tables that come with them). */
  eventsPerVcpuSecond: Assumption;
  /** Spark's fixed time per run: JVM, session, the stages on no data. */
  sparkStartupSeconds: Assumption;
  /** Song files read from S3, one small GET each, per vCPU-second. */
  songFilesPerVcpuSecond: Assumption;
  /** Parquet files written to S3, per vCPU-second. */
  filesWrittenPerVcpuSecond: Assumption;
}

/** Where `npm run bench` writes what it measured. */
export const BENCH_RESULTS = path.join(PROJECT_ROOT, 'bench', 'results.json');

/** The Spark rows of a bench summary this reads: medians per input size. */
interface BenchSummary {
  date?: string;
  machine?: { cpus?: number; cpu?: string };
  summary?: Array<{ engine: string; events: number; median_wall_s: number; median_cpu_s: number }>;
}

/**
 * The last figures bench/results.json gave (2026-12-01: 100k and 1M events on 2 shared AMD EPYC cores), for when
 * that file is gone or holds no Spark runs at two sizes: the same measurement, copied, and labelled as a copy.
 */
const COPIED = { eventsPerVcpuSecond: 9_800, sparkStartupSeconds: 46, where: '2 × AMD EPYC on 2026-12-01' };

/**
 * The rates for an estimate. Events per vCPU-second and Spark's start-up come from the kit's own Spark runs in
 * bench/results.json, read now: a straight line through the median runs at the smallest and largest sizes, its
 * slope in CPU seconds (the bench machine is shared, so wall time undercounts a vCPU; CPU time is the work), its
 * intercept in wall seconds. Those runs read from local disk, so the S3 request rates are assumed, and say so.
 */
export function sparkThroughput(resultsFile: string = BENCH_RESULTS): SparkThroughput {
  return { ...measuredRates(resultsFile), ...S3_RATES };
}

function measuredRates(resultsFile: string): Pick<SparkThroughput, 'eventsPerVcpuSecond' | 'sparkStartupSeconds'> {
  const shown = path.relative(PROJECT_ROOT, resultsFile).split(path.sep).join('/');
  const bench = readBench(resultsFile);
  const rows = (bench?.summary ?? []).filter((r) => r.engine === 'spark' && r.events > 0).sort((a, b) => a.events - b.events);
  const [small, large] = [rows[0], rows.at(-1)];
  if (small && large && large.events > small.events) {
    const moreEvents = large.events - small.events;
    const cpuPerEvent = (large.median_cpu_s - small.median_cpu_s) / moreEvents;
    const wallPerEvent = (large.median_wall_s - small.median_wall_s) / moreEvents;
    const startup = small.median_wall_s - small.events * wallPerEvent;
    if (cpuPerEvent > 0 && startup >= 0) {
      const where = `measured by the kit's Spark engine (local[*] on ${bench!.machine?.cpus ?? '?'} × ${bench!.machine?.cpu ?? 'unknown CPU'}) on ${(bench!.date ?? '?').slice(0, 10)}, not on EMR`;
      const sizes = `${count(small.events)} and ${count(large.events)} events, ${shown}`;
      return {
        eventsPerVcpuSecond: {
          name: 'events per vCPU-second',
          value: 1 / cpuPerEvent,
          unit: 'events/s',
          basis: 'measured',
          source: `${where}: ${count(moreEvents)} more events took ${(large.median_cpu_s - small.median_cpu_s).toFixed(1)} more CPU seconds (${sizes}; with the songs and tables that come with them)`,
        },
        sparkStartupSeconds: {
          name: 'Spark start-up and stages',
          value: startup,
          unit: 's',
          basis: 'measured',
          source: `${where}: the run time at 0 events, extrapolated from the median runs at ${sizes}`,
        },
      };
    }
  }
  const why = bench ? `${shown} has no Spark runs at two sizes` : `${shown} is missing or not JSON`;
  const copied = `measured by the kit's Spark engine on ${COPIED.where}, not on EMR (copied: ${why})`;
  return {
    eventsPerVcpuSecond: { name: 'events per vCPU-second', value: COPIED.eventsPerVcpuSecond, unit: 'events/s', basis: 'measured', source: copied },
    sparkStartupSeconds: { name: 'Spark start-up and stages', value: COPIED.sparkStartupSeconds, unit: 's', basis: 'measured', source: copied },
  };
}

/** The bench runs read local files; S3's per-request latency is what small objects cost there, and it is assumed. */
const S3_RATES: Pick<SparkThroughput, 'songFilesPerVcpuSecond' | 'filesWrittenPerVcpuSecond'> = {
  songFilesPerVcpuSecond: {
    name: 'song files read per vCPU-second',
    value: 25,
    unit: 'files/s',
    basis: 'assumed',
    source: 'one small S3 GET takes ~40 ms from EC2, one at a time per task; not measured (the bench reads local files)',
  },
  filesWrittenPerVcpuSecond: {
    name: 'Parquet files written per vCPU-second',
    value: 5,
    unit: 'files/s',
    basis: 'assumed',
    source: 'a Parquet file and its partition folder on S3 take ~200 ms; not measured (the bench writes local files)',
  },
};

function readBench(file: string): BenchSummary | null {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as BenchSummary;
  } catch {
    return null;
  }
}

const count = (n: number) => n.toLocaleString('en-US');
