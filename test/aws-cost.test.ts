// Cost before and after on AWS: prices as data, the estimates' arithmetic, the throughput they take from the kit's
// own Spark runs, the cost a finished run's figures imply, the dry run's text and the run's record in status. The
// expected figures are worked out here by hand from the stated inputs, not copied from the functions' output.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RunJobFlowCommand, TerminateJobFlowsCommand, type Cluster, type InstanceGroup } from '@aws-sdk/client-emr';
import { KNOWN_INSTANCE_TYPES, KNOWN_REGIONS, priceFor, serverlessPriceFor } from '../src/engines/aws-cost/prices';
import { UserError } from '../src/errors';
import { estimateServerlessCost } from '../src/engines/aws-cost/serverless-estimate';
import { serverlessShapeFromSparkConf } from '../src/engines/aws-cost/serverless-shape';
import { estimateEmrRun } from '../src/engines/aws-cost/emr-estimate';
import { FULL_UDACITY_SIZES, inputSizesFromCounts, inputSizesFromListing, SAMPLE_BYTES_PER_EVENT, SONG_YEAR_FOLDERS, type InputSizes } from '../src/engines/aws-cost/input-size';
import { BENCH_RESULTS, sparkThroughput, type SparkThroughput } from '../src/engines/aws-cost/throughput';
import { emrCostFromTimeline, serverlessCostFromUtilization } from '../src/engines/aws-cost/measured-cost';
import { formatCostEstimate } from '../src/engines/aws-cost/format-cost';
import { estimateRecord } from '../src/engines/aws-cost/estimate-record';
import { clusterCost, emrClusterCost } from '../src/engines/emr/cluster-cost';
import { formatDryRunCost } from '../src/engines/emr/dry-run-cost';
import type { EmrSubmission } from '../src/engines/emr/submission';
import { createEngine } from '../src/engines/registry';
import type { Engine, RunCost } from '../src/core/run-contract';
import { runEtl } from '../src/run/etl';
import { lakeStatus } from '../src/lake/lake-status';
import { formatLakeStatus } from '../src/cli/commands/status';
import { SAMPLE, tempDir, walkFiles } from './helpers';
import { startMotoWithBuckets, type MotoServer } from './moto-server';

const figure = (name: string, value: number) => ({ name, value, unit: '', basis: 'assumed' as const, source: 'this test' });

/** Round rates, so the minutes below can be worked out by hand. */
const RATES: SparkThroughput = {
  eventsPerVcpuSecond: figure('events', 1_000),
  sparkStartupSeconds: figure('start-up', 60),
  songFilesPerVcpuSecond: figure('songs', 10),
  filesWrittenPerVcpuSecond: figure('writes', 5),
};
const SIZES: InputSizes = { songFiles: 3_600, logBytes: 0, events: 72_000, filesWritten: 1_800, assumptions: [] };

describe('prices as data', () => {
  it('per region: EC2 + EMR per instance-hour, EMR Serverless per vCPU-, GB- and storage GB-hour, each with its source', () => {
    expect(priceFor('us-east-1', 'm5.xlarge')).toMatchObject({ ec2PerHour: 0.192, emrPerHour: 0.048, vcpus: 4, memoryGiB: 16 });
    expect(serverlessPriceFor('us-east-1', 'x86_64')).toMatchObject({ perVcpuHour: 0.052624, perGbHour: 0.0057785, perStorageGbHour: 0.000111, freeStorageGbPerWorker: 20 });
    const arm = serverlessPriceFor('us-east-1', 'arm64');
    expect(arm.perVcpuHour / 0.052624).toBeCloseTo(0.8, 2);
    expect(arm.perGbHour / 0.0057785).toBeCloseTo(0.8, 2);
    expect(KNOWN_REGIONS).toEqual(expect.arrayContaining(['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-2']));
    expect(KNOWN_INSTANCE_TYPES).toEqual(expect.arrayContaining(['m5.xlarge', 'm5.2xlarge', 'm6g.xlarge', 'r5.xlarge']));
    for (const region of KNOWN_REGIONS) {
      for (const type of KNOWN_INSTANCE_TYPES) {
        const p = priceFor(region, type);
        expect(p.ec2PerHour).toBeGreaterThan(0);
        expect(p.emrPerHour).toBeGreaterThan(0);
        expect(p.source).toMatch(/as known on \d{4}-\d{2}.*check current prices/);
      }
      for (const arch of ['x86_64', 'arm64'] as const) expect(serverlessPriceFor(region, arch).perVcpuHour).toBeGreaterThan(0);
    }
  });

  it('an unknown region or instance type is a one-line error naming the known ones', () => {
    expect(() => priceFor('mars-north-1', 'm5.xlarge')).toThrow(UserError);
    expect(() => priceFor('mars-north-1', 'm5.xlarge')).toThrow(/^no prices for region "mars-north-1" \(known: us-east-1, us-west-2, eu-west-1, eu-central-1, ap-southeast-2\)[^\n]*$/);
    expect(() => priceFor('us-east-1', 'c5.xlarge')).toThrow(/^no price for instance type "c5.xlarge" \(known: m5.xlarge, m5.2xlarge, m6g.xlarge, r5.xlarge\)[^\n]*$/);
    expect(() => serverlessPriceFor('mars-north-1')).toThrow(/no prices for region "mars-north-1"/);
  });
});

describe('the EMR Serverless estimate', () => {
  it('bills every worker for its vCPUs, memory and storage beyond 20 GB from ready to done; the executors do the work', () => {
    const e = estimateServerlessCost(
      { region: 'us-east-1', architecture: 'x86_64', driver: { vcpu: 4, memoryGb: 16, diskGb: 20 }, executors: 3, executor: { vcpu: 2, memoryGb: 8, diskGb: 30 } },
      SIZES,
      RATES,
    );
    // 3 executors × 2 vCPUs = 6 tasks at once. Spark 60 s = 1 min; songs 3,600 / (10 × 6) = 60 s = 1 min;
    // events 72,000 / (1,000 × 6) = 12 s = 0.2 min; writes 1,800 / (5 × 6) = 60 s = 1 min: 3.2 min billed.
    expect(e.phases.map((p) => p.minutes)).toEqual([1.5, 1, 1, 0.2, 1].map((m) => expect.closeTo(m, 10)));
    expect(e.billedMinutes).toBeCloseTo(3.2, 10);
    expect(e.totalMinutes).toBeCloseTo(4.7, 10);
    // 10 vCPUs, 40 GB, 3 × (30 - 20) = 30 GB of storage: 10 × 0.052624 + 40 × 0.0057785 + 30 × 0.000111 = $0.76071/h.
    expect(e.perHour).toBeCloseTo(0.76071, 10);
    expect(e.vcpuHours).toBeCloseTo((10 * 3.2) / 60, 10);
    expect(e.memoryGbHours).toBeCloseTo((40 * 3.2) / 60, 10);
    expect(e.storageGbHours).toBeCloseTo((30 * 3.2) / 60, 10);
    expect(e.totalDollars).toBeCloseTo((0.76071 * 3.2) / 60, 10);
    expect(e.phases[0].dollars).toBe(0); // workers starting are not billed
    expect(e.phases.reduce((s, p) => s + p.dollars, 0)).toBeCloseTo(e.totalDollars, 10);
    expect(e.title).toBe('EMR Serverless, 1 driver + 3 executors (2 vCPU, 8 GB, 30 GB disk each) in us-east-1, x86_64');
  });

  it('a job shorter than a minute is billed the minute; arm64 at its own rates', () => {
    const tiny = estimateServerlessCost({ region: 'us-east-1', architecture: 'arm64' }, { ...SIZES, songFiles: 0, events: 0, filesWritten: 0 }, { ...RATES, sparkStartupSeconds: figure('start-up', 6) });
    expect(tiny.billedMinutes).toBe(1);
    // The default job: a driver and 2 executors of 4 vCPU, 16 GB, 20 GB disk: 12 vCPUs and 48 GB for a minute.
    expect(tiny.totalDollars).toBeCloseTo((12 * 0.042094 + 48 * 0.004628) / 60, 10);
  });
});

describe('the workers a job run asks for', () => {
  it('from its Spark properties: cores, memory with Spark’s overhead rounded up to a GB, disk, executors', () => {
    const conf = { 'spark.driver.cores': '4', 'spark.driver.memory': '12g', 'spark.executor.cores': '2', 'spark.executor.memory': '6144m', 'spark.dynamicAllocation.maxExecutors': '3', 'spark.emr-serverless.executor.disk': '50g' };
    // 12 GB + 1.2 GB overhead → 14 GB; 6 GB + 0.6 → 7 GB.
    expect(serverlessShapeFromSparkConf('us-east-1', 'X86_64', conf)).toEqual({
      region: 'us-east-1',
      architecture: 'X86_64',
      driver: { vcpu: 4, memoryGb: 14, diskGb: 20 },
      executors: 3,
      executor: { vcpu: 2, memoryGb: 7, diskGb: 50 },
    });
    expect(serverlessShapeFromSparkConf('us-east-1', 'ARM64', { ...conf, 'spark.executor.instances': '5' }).executors).toBe(5);
    expect(() => serverlessShapeFromSparkConf('us-east-1', 'X86_64', { 'spark.driver.memory': 'lots' })).toThrow('spark.driver.memory must be a size like 12g or 12288m, got "lots"');
    // The API's spelling of the architecture prices as the list's.
    const e = estimateServerlessCost(serverlessShapeFromSparkConf('us-east-1', 'ARM64', conf), SIZES, RATES);
    expect(e.title).toMatch(/in us-east-1, arm64$/);
  });
});

describe('the EMR estimate from price data', () => {
  it('prices the cluster shape in its region, a primary of another type at its own price', () => {
    const e = estimateEmrRun({ region: 'eu-west-1', primaryInstanceType: 'm5.2xlarge', coreInstanceType: 'm5.xlarge', coreNodes: 2 }, SIZES, RATES);
    // eu-west-1: m5.2xlarge 0.428 + 0.107, m5.xlarge 0.214 + 0.0535: 0.535 + 2 × 0.2675 = $1.07/h.
    expect(e.clusterPerHour).toBeCloseTo(1.07, 10);
    expect(e.cores).toBe(8);
    // Spark start-up 60 s measured locally + 30 s assumed for YARN's cluster mode.
    expect(e.inputs.stepOverheadSeconds).toBe(90);
    expect(e.title).toBe('EMR on EC2, m5.2xlarge primary + 2 × m5.xlarge core on demand in eu-west-1');
    expect(e.assumptions.map((a) => `${a.basis}: ${a.name}`)).toEqual(
      expect.arrayContaining(['price list: m5.2xlarge EC2 on demand', 'price list: m5.xlarge EMR uplift', 'assumed: cluster start', 'assumed: YARN cluster-mode submit']),
    );
  });
});

describe('input sizes', () => {
  it('from a listing: files counted, events from the log bytes at the bytes per event measured on the sample', () => {
    const sizes = inputSizesFromListing({ song_data: [{ size: 250 }, { size: 260 }, { size: 270 }], log_data: [{ size: 3_000_000 }, { size: 755_598 }] }, 's3://in/raw');
    // songs by year: a file per release year, never more than the song files.
    expect(sizes).toMatchObject({ songFiles: 3, logBytes: 3_755_598, events: 8_056, filesWritten: 3 });
    expect(sizes.assumptions.find((a) => a.name === 'song files')).toMatchObject({ basis: 'listed', source: 'listed in s3://in/raw' });
    expect(inputSizesFromCounts({ songFiles: 10, logBytes: 4_662 }, 'given').events).toBe(10);
    expect(FULL_UDACITY_SIZES).toMatchObject({ songFiles: 14_896, events: 8_056, filesWritten: SONG_YEAR_FOLDERS });
  });

  it('the bytes per event is the sample’s own', () => {
    const logs = walkFiles(path.join(SAMPLE, 'log_data')).map((f) => fs.readFileSync(path.join(SAMPLE, 'log_data', f), 'utf8'));
    const bytes = logs.reduce((s, text) => s + Buffer.byteLength(text), 0);
    const events = logs.reduce((s, text) => s + text.split('\n').filter((l) => l.trim() !== '').length, 0);
    expect(SAMPLE_BYTES_PER_EVENT.value).toBeCloseTo(bytes / events, 10);
  });
});

describe('throughput from the kit’s own Spark runs', () => {
  const results = (summary: object[]) => {
    const file = path.join(tempDir('sparkify-bench-results-'), 'results.json');
    fs.writeFileSync(file, JSON.stringify({ date: '2030-01-02T03:04:05Z', machine: { cpus: 8, cpu: 'Test CPU' }, summary }));
    return file;
  };

  it('reads bench/results.json: events per vCPU-second from the CPU seconds, start-up from the wall time at 0 events', () => {
    const file = results([
      { engine: 'local', events: 100_000, median_wall_s: 1, median_cpu_s: 1 },
      { engine: 'spark', events: 100_000, median_wall_s: 50, median_cpu_s: 60 },
      { engine: 'spark', events: 1_100_000, median_wall_s: 150, median_cpu_s: 160 },
    ]);
    const t = sparkThroughput(file);
    // 1,000,000 more events in 100 more CPU seconds; wall 100 s per million: 50 - 10 = 40 s at 0 events.
    expect(t.eventsPerVcpuSecond.value).toBeCloseTo(10_000, 6);
    expect(t.sparkStartupSeconds.value).toBeCloseTo(40, 6);
    for (const rate of [t.eventsPerVcpuSecond, t.sparkStartupSeconds]) {
      expect(rate.basis).toBe('measured');
      expect(rate.source).toContain("measured by the kit's Spark engine (local[*] on 8 × Test CPU) on 2030-01-02, not on EMR");
    }
    expect(t.songFilesPerVcpuSecond.basis).toBe('assumed');
    expect(t.filesWrittenPerVcpuSecond.basis).toBe('assumed');
  });

  it('the repository’s bench/results.json, when it has Spark runs at two sizes', () => {
    const bench = JSON.parse(fs.readFileSync(BENCH_RESULTS, 'utf8'));
    const spark = (bench.summary as any[]).filter((r) => r.engine === 'spark').sort((a, b) => a.events - b.events);
    if (spark.length < 2) return;
    const [small, large] = [spark[0], spark.at(-1)];
    const t = sparkThroughput();
    expect(t.eventsPerVcpuSecond.value).toBeCloseTo((large.events - small.events) / (large.median_cpu_s - small.median_cpu_s), 6);
    expect(t.eventsPerVcpuSecond.source).toContain(`on ${bench.date.slice(0, 10)}, not on EMR`);
    expect(t.eventsPerVcpuSecond.source).toContain('bench/results.json');
  });

  it('without Spark runs at two sizes: the figures last measured, labelled as a copy and why', () => {
    const missing = sparkThroughput(path.join(tempDir(), 'results.json'));
    expect(missing.eventsPerVcpuSecond).toMatchObject({ basis: 'measured', value: 9_800 });
    expect(missing.eventsPerVcpuSecond.source).toMatch(/not on EMR \(copied: .*results\.json is missing or not JSON\)$/);
    const one = sparkThroughput(results([{ engine: 'spark', events: 100_000, median_wall_s: 50, median_cpu_s: 60 }]));
    expect(one.sparkStartupSeconds.source).toMatch(/has no Spark runs at two sizes\)$/);
  });
});

describe('measured cost', () => {
  const prices = serverlessPriceFor('us-east-1', 'x86_64');

  it('EMR Serverless: the billed utilization at the region’s rates, else the total, else none', () => {
    const run = {
      totalResourceUtilization: { vCPUHour: 2.5, memoryGBHour: 10, storageGBHour: 6 },
      billedResourceUtilization: { vCPUHour: 2, memoryGBHour: 8, storageGBHour: 0 },
      totalExecutionDurationSeconds: 420,
    };
    const billed = serverlessCostFromUtilization(run, prices)!;
    // 2 × 0.052624 + 8 × 0.0057785 = 0.105248 + 0.046228
    expect(billed).toMatchObject({ dollars: expect.closeTo(0.151476, 10), vcpuHours: 2, memoryGbHours: 8, storageGbHours: 0, durationSeconds: 420 });
    expect(billed.source).toMatch(/^EMR Serverless GetJobRun billedResourceUtilization at us-east-1 x86_64 list prices/);
    const total = serverlessCostFromUtilization({ totalResourceUtilization: run.totalResourceUtilization }, prices)!;
    // 2.5 × 0.052624 + 10 × 0.0057785 + 6 × 0.000111 = 0.13156 + 0.057785 + 0.000666
    expect(total.dollars).toBeCloseTo(0.190011, 10);
    expect(total.source).toContain('totalResourceUtilization (no billed figures');
    expect(serverlessCostFromUtilization({}, prices)).toBeNull();
  });

  it('EMR on EC2: instance-hours over the cluster’s timeline at EC2 + EMR prices, a minute at least', () => {
    const start = new Date('2026-12-01T10:00:00Z');
    const groups = [
      { instanceType: 'm5.xlarge', count: 1, role: 'MASTER' },
      { instanceType: 'm5.xlarge', count: 2, role: 'CORE', market: 'ON_DEMAND' },
    ];
    const cost = emrCostFromTimeline({ start, end: new Date('2026-12-01T10:18:00Z') }, groups, 'us-east-1');
    // 18 min = 0.3 h × 3 instances = 0.9 instance-hours at $0.24/h.
    expect(cost).toMatchObject({ instanceHours: expect.closeTo(0.9, 10), dollars: expect.closeTo(0.216, 10), durationSeconds: 1080 });
    expect(cost.source).toBe(
      `EMR cluster timeline 2026-12-01T10:00:00.000Z → 2026-12-01T10:18:00.000Z × 1 × m5.xlarge MASTER + 2 × m5.xlarge CORE at us-east-1 on-demand EC2 + EMR list prices (${priceFor('us-east-1', 'm5.xlarge').source})`,
    );
    const short = emrCostFromTimeline({ start, end: new Date('2026-12-01T10:00:30Z') }, [{ instanceType: 'r5.xlarge', count: 1, market: 'SPOT' }], 'us-east-1');
    expect(short.instanceHours).toBeCloseTo(1 / 60, 10);
    expect(short.dollars).toBeCloseTo((0.252 + 0.063) / 60, 10);
    expect(short.source).toContain('SPOT groups priced on demand (an upper bound)');
  });

  it('from DescribeCluster and ListInstanceGroups: requested counts, creation to end; a running cluster up to now; a shared cluster the step’s window', () => {
    const cluster: Cluster = { Id: 'j-TEST', Status: { State: 'TERMINATED', Timeline: { CreationDateTime: new Date('2026-12-01T10:00:00Z'), EndDateTime: new Date('2026-12-01T10:30:00Z') } } };
    const groups: InstanceGroup[] = [
      { InstanceGroupType: 'MASTER', InstanceType: 'm5.xlarge', RequestedInstanceCount: 1, RunningInstanceCount: 0, Market: 'ON_DEMAND' },
      { InstanceGroupType: 'CORE', InstanceType: 'm5.xlarge', RequestedInstanceCount: 2, RunningInstanceCount: 0, Market: 'ON_DEMAND' },
    ];
    const ended = clusterCost(cluster, groups, 'us-west-2')!;
    expect(ended).toMatchObject({ instanceHours: expect.closeTo(1.5, 10), dollars: expect.closeTo(0.36, 10), durationSeconds: 1800 });
    expect(ended.source).toMatch(/^EMR cluster j-TEST timeline 2026-12-01T10:00:00.000Z → 2026-12-01T10:30:00.000Z × 1 × m5.xlarge MASTER \+ 2 × m5.xlarge CORE/);
    const running = clusterCost({ ...cluster, Status: { State: 'WAITING', Timeline: { CreationDateTime: new Date('2026-12-01T10:00:00Z') } } }, groups, 'us-west-2', { now: new Date('2026-12-01T10:10:00Z') })!;
    expect(running.instanceHours).toBeCloseTo(0.5, 10);
    expect(running.source).toContain('(still WAITING: up to now)');
    const step = clusterCost(cluster, groups, 'us-west-2', { step: { start: new Date('2026-12-01T10:05:00Z'), end: new Date('2026-12-01T10:11:00Z') } })!;
    expect(step.instanceHours).toBeCloseTo(0.3, 10);
    expect(step.source).toMatch(/^EMR step on shared cluster j-TEST 2026-12-01T10:05:00.000Z/);
    expect(clusterCost({ Id: 'j-NEW', Status: { State: 'STARTING' } }, groups, 'us-west-2')).toBeNull();
  });
});

describe('an EMR cluster’s cost from the API (moto over HTTP)', () => {
  let moto: MotoServer | undefined;
  afterAll(async () => {
    await moto?.stop();
  });

  it('DescribeCluster and ListInstanceGroups of a terminated transient cluster: its groups over its timeline', async () => {
    const started = await startMotoWithBuckets([]);
    moto = started.moto;
    const { emr } = started.clients;
    const { JobFlowId: clusterId } = await emr.send(
      new RunJobFlowCommand({
        Name: 'priced',
        ReleaseLabel: 'emr-7.13.0',
        Instances: {
          InstanceGroups: [
            { Name: 'Primary', InstanceRole: 'MASTER', Market: 'ON_DEMAND', InstanceType: 'm5.xlarge', InstanceCount: 1 },
            { Name: 'Core', InstanceRole: 'CORE', Market: 'ON_DEMAND', InstanceType: 'm5.xlarge', InstanceCount: 2 },
          ],
          KeepJobFlowAliveWhenNoSteps: true,
        },
      }),
    );
    const running = (await emrClusterCost(emr, clusterId!, 'us-east-1'))!;
    expect(running.source).toMatch(new RegExp(`^EMR cluster ${clusterId} timeline \\(still \\w+: up to now\\) .* × 1 × m5\\.xlarge MASTER \\+ 2 × m5\\.xlarge CORE at us-east-1`));
    await emr.send(new TerminateJobFlowsCommand({ JobFlowIds: [clusterId!] }));
    const ended = (await emrClusterCost(emr, clusterId!, 'us-east-1'))!;
    expect(ended.source).not.toContain('still');
    // Three nodes at $0.24/h each over the timeline, a minute at least.
    const hours = Math.max(ended.durationSeconds!, 60) / 3600;
    expect(ended).toMatchObject({ instanceHours: expect.closeTo(3 * hours, 10), dollars: expect.closeTo(3 * hours * 0.24, 10) });
    await expect(emrClusterCost(emr, 'j-NOSUCHCLUSTER', 'us-east-1')).rejects.toThrow(/EMR DescribeCluster j-NOSUCHCLUSTER/);
  }, 60_000);
});

describe('what a dry run prints', () => {
  const submission = (request: EmrSubmission['request']) => ({ runId: 'r', uploads: [], request }) as unknown as EmrSubmission;
  const transient = submission({
    operation: 'RunJobFlow',
    input: {
      Name: 'x',
      Instances: {
        InstanceGroups: [
          { InstanceRole: 'MASTER', InstanceType: 'm5.xlarge', InstanceCount: 1 },
          { InstanceRole: 'CORE', InstanceType: 'm5.xlarge', InstanceCount: 3 },
        ],
      },
    },
  });

  it('the estimate for the submission’s cluster in its region, every figure labelled with its basis and source', () => {
    const lines = formatDryRunCost(transient, 'eu-west-1');
    expect(lines.every((l) => l.startsWith('# '))).toBe(true);
    expect(lines[0]).toMatch(/^# cost estimate: EMR on EC2, 1 \+ 3 × m5\.xlarge on demand in eu-west-1: \d+\.\d min, \$\d+\.\d+$/);
    const text = lines.join('\n');
    expect(text).toMatch(/#   price list +m5\.xlarge EC2 on demand: \$0\.214\/h \(eu-west-1: /);
    expect(text).toMatch(/#   assumed +song files: 14,896 files \(not listed \(a dry run sends nothing\)/);
    expect(text).toMatch(/#   measured +events per vCPU-second: [\d,]+ events\/s \(measured by the kit's Spark engine .* not on EMR/);
    expect(text).toMatch(/#   assumed +cluster start: 8 min/);
    expect(text).toContain('# left out: S3 requests');
  });

  it('no region: us-west-2’s prices, said; an existing cluster or an unpriced region: why there is no estimate', () => {
    expect(formatDryRunCost(transient, undefined)[0]).toBe("# (no region configured: us-west-2's prices, where the Udacity bucket is)");
    expect(formatDryRunCost(submission({ operation: 'AddJobFlowSteps', input: { JobFlowId: 'j-OLD', Steps: [] } }), 'us-east-1')).toEqual([
      "# cost estimate: not made: the step runs on j-OLD, an existing cluster a dry run does not describe; the run adds its step's minutes to that cluster's bill",
    ]);
    expect(formatDryRunCost(transient, 'mars-north-1')).toEqual([expect.stringMatching(/^# cost estimate: not made: no prices for region "mars-north-1" \(known: /)]);
  });

  it('any estimate in the same form, and its one-line record for the manifest', () => {
    const e = estimateServerlessCost({ region: 'us-east-1' }, SIZES, { ...RATES, eventsPerVcpuSecond: { ...RATES.eventsPerVcpuSecond, basis: 'measured' } });
    expect(formatCostEstimate(e)[0]).toMatch(/^cost estimate: EMR Serverless, 1 driver \+ 2 executors .* in us-east-1, x86_64: [\d.]+ min, \$[\d.]+$/);
    expect(formatCostEstimate(e)).toContain('  price list  vCPU-hour: $0.052624/vCPU-h (us-east-1 x86_64: ' + serverlessPriceFor('us-east-1').source + ')');
    const record = estimateRecord(e);
    expect(record).toMatchObject({ dollars: e.totalDollars, minutes: e.totalMinutes });
    expect(record.basis).toMatch(/^EMR Serverless, 1 driver \+ 2 executors .*; prices: us-east-1 x86_64: AWS pricing pages.*; measured: events; assumed: executors, /);
  });
});

describe('the run manifest and sparkify status', () => {
  it('record a run’s cost from its build result, and show estimated and measured cost per run', async () => {
    const lake = tempDir('sparkify-priced-lake-');
    const cost: RunCost = {
      estimate: { dollars: 0.19, minutes: 16.2, basis: 'EMR on EC2, 1 + 2 × m5.xlarge on demand in us-west-2' },
      measured: { dollars: 0.216, source: 'EMR cluster j-TEST timeline', instanceHours: 0.9, durationSeconds: 1080 },
    };
    // The local engine, with a cost as an AWS engine reports one; then the same input again without.
    const local = createEngine('local');
    const costing: Engine = { name: 'costing', build: async (job) => ({ ...(await local.build(job)), cost }) };
    const first = await runEtl({ input: SAMPLE, output: lake, engine: costing });
    await runEtl({ input: SAMPLE, output: lake, engine: 'local' });
    const manifest = JSON.parse(fs.readFileSync(path.join(lake, '_runs', `${first.runId}.json`), 'utf8'));
    expect(manifest.cost).toEqual(cost);

    const status = await lakeStatus(lake);
    const [without, withCost] = status.runs;
    expect(withCost.cost).toEqual(cost);
    expect('cost' in without).toBe(false);
    const text = formatLakeStatus(status, 0);
    expect(text).toContain('  cost estimated: $0.19 for 16.2 min (EMR on EC2, 1 + 2 × m5.xlarge on demand in us-west-2)');
    expect(text).toContain('  cost measured: $0.22: 0.90 instance-hours, over 18.0 min (EMR cluster j-TEST timeline)');
    expect(text).toMatch(/cost est\. \/ measured/);
    expect(text).toMatch(/\$0\.19 \/ \$0\.22/);
    // A lake of runs without cost shows no cost at all.
    const plain = formatLakeStatus({ ...status, runs: [without] }, 0);
    expect(plain).not.toContain('cost');
  }, 120_000);
});
