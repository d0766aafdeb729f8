// The EMR cost estimate: a formula over stated assumptions. The expected figures are worked out here by hand
// from those assumptions, not copied from the function's output.
import { describe, expect, it } from 'vitest';
import { costByCoreNodes, estimateEmrCost, FULL_DATASET_ASSUMPTIONS, type CostAssumptions } from '../src/engines/emr/cost-estimate';

const small: CostAssumptions = {
  instanceType: 'test.large',
  ec2PerHour: 0.1,
  emrPerHour: 0.02,
  primaryNodes: 1,
  coreNodes: 3,
  vcpusPerNode: 2,
  songFiles: 3_600,
  events: 72_000,
  filesWritten: 1_800,
  songFilesPerSecondPerCore: 10,
  eventsPerSecondPerCore: 1_000,
  filesWrittenPerSecondPerCore: 5,
  stepOverheadSeconds: 120,
  startupMinutes: 6,
  terminationMinutes: 2,
};

describe('estimateEmrCost', () => {
  it('prices each phase at the whole cluster’s hourly rate, the step’s work spread over the core nodes’ vCPUs', () => {
    const e = estimateEmrCost(small);
    // 4 nodes × ($0.10 + $0.02) = $0.48/h; 3 core nodes × 2 vCPUs = 6 tasks at once.
    expect(e.clusterPerHour).toBeCloseTo(0.48, 10);
    expect(e.cores).toBe(6);
    // songs: 3,600 / (10 × 6) = 60 s = 1 min; events: 72,000 / (1,000 × 6) = 12 s = 0.2 min;
    // writes: 1,800 / (5 × 6) = 60 s = 1 min; Spark: 120 s = 2 min; start 6 min; termination 2 min.
    expect(e.phases.map((p) => p.minutes)).toEqual([6, 2, 1, 0.2, 1, 2].map((m) => expect.closeTo(m, 10)));
    // 12.2 min at $0.48/h = $0.0976; the start-up's 6 min alone = $0.048.
    expect(e.totalMinutes).toBeCloseTo(12.2, 10);
    expect(e.totalDollars).toBeCloseTo(0.0976, 10);
    expect(e.phases[0].dollars).toBeCloseTo(0.048, 10);
    expect(e.phases.reduce((s, p) => s + p.dollars, 0)).toBeCloseTo(e.totalDollars, 10);
  });

  it('the full dataset on the default cluster: about 12 minutes and 14 cents (songs by year: 91 files written)', () => {
    const a = FULL_DATASET_ASSUMPTIONS;
    const e = estimateEmrCost(a);
    // Prices from src/engines/aws-cost/prices.json: 3 × ($0.192 + $0.048) = $0.72/h; 2 × 4 = 8 vCPUs.
    expect([a.ec2PerHour, a.emrPerHour, a.primaryNodes, a.coreNodes, a.vcpusPerNode]).toEqual([0.192, 0.048, 1, 2, 4]);
    expect([a.songFiles, a.events, a.filesWritten]).toEqual([14_896, 8_056, 91]);
    // The rates: events and Spark's start-up measured by the kit's Spark runs (bench/results.json), S3's assumed.
    expect([a.songFilesPerSecondPerCore, a.filesWrittenPerSecondPerCore, a.startupMinutes, a.terminationMinutes]).toEqual([25, 5, 8, 1.5]);
    // 8 + overhead/60 + 14,896/(25×8)/60 + 8,056/(events/s × 8)/60 + 91/(5×8)/60 + 1.5 minutes
    const minutes = 8 + a.stepOverheadSeconds / 60 + 74.48 / 60 + 8_056 / (a.eventsPerSecondPerCore * 8) / 60 + 91 / 40 / 60 + 1.5;
    expect(e.totalMinutes).toBeCloseTo(minutes, 6);
    expect(e.totalDollars).toBeCloseTo((minutes / 60) * 0.72, 6);
    expect(e.totalDollars).toBeGreaterThan(0.12);
    expect(e.totalDollars).toBeLessThan(0.17);
  });

  it('more core nodes: a shorter step, a dearer hour', () => {
    const [one, four] = costByCoreNodes(small, [1, 4]);
    // 1 core node: 2 vCPUs: songs 3 min, events 0.6 min, writes 3 min; + 6 + 2 + 2 = 16.6 min at 2 × $0.12 = $0.24/h.
    expect(one).toEqual({ coreNodes: 1, minutes: expect.closeTo(16.6, 10), dollars: expect.closeTo((16.6 / 60) * 0.24, 10) });
    // 4 core nodes: 8 vCPUs: songs 0.75, events 0.15, writes 0.75; + 10 = 11.65 min at 5 × $0.12 = $0.60/h.
    expect(four).toEqual({ coreNodes: 4, minutes: expect.closeTo(11.65, 10), dollars: expect.closeTo((11.65 / 60) * 0.6, 10) });
  });

  it('rejects an assumption that is not a number ≥ 0, or a cluster with no core vCPU', () => {
    expect(() => estimateEmrCost({ ...small, ec2PerHour: -1 })).toThrow('cost assumption ec2PerHour must be a number ≥ 0, got -1');
    expect(() => estimateEmrCost({ ...small, events: Number.NaN })).toThrow(/events must be a number/);
    expect(() => estimateEmrCost({ ...small, coreNodes: 0 })).toThrow('at least one core node');
  });
});
