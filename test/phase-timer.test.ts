import { describe, expect, it } from 'vitest';
import { formatPhases, NO_PHASES, PhaseTimer, type PhaseReport, type PhaseRow } from '../src/core/phase-timer';
import type { Engine } from '../src/core/run-contract';
import { createEngine } from '../src/engines/registry';
import { runEtl } from '../src/run/etl';
import { SAMPLE, tempDir } from './helpers';

/** A timer on a clock the test moves: `at(ms)` sets the time; the process's CPU runs at twice the wall clock. */
function fakeTimer() {
  let now = 0;
  const timer = new PhaseTimer({ now: () => now, cpu: () => now * 2 * 1000 });
  return { timer, at: (ms: number) => (now = ms) };
}

const byPhase = (report: PhaseReport): Record<string, PhaseRow> => Object.fromEntries(report.rows.map((r) => [r.phase, r]));
const topSum = (report: PhaseReport) => report.rows.filter((r) => r.depth === 0).reduce((sum, r) => sum + r.seconds, 0);
const childSum = (report: PhaseReport, parent: string) => report.rows.filter((r) => r.depth > 0 && r.phase.startsWith(`${parent}: `)).reduce((sum, r) => sum + r.seconds, 0);


/** song_data read from 0 to 1 s, log_data from 0.5 to 1.5 s: 0.5 s of overlap. */
function readBothSources(timer: PhaseTimer, at: (ms: number) => void): void {
  const songs = timer.start(['read', 'song_data']);
  at(500);
  const events = timer.start(['read', 'log_data']);
  at(1000);
  songs();
  at(1500);
  events();
}
describe('the phase timer', () => {
  it('reports phases in the order they started, "other" for the rest, the top rows summing to the run', () => {
    const { timer, at } = fakeTimer();
    at(100);
    const list = timer.start('list input');
    at(300);
    list();
    at(400);
    const gate = timer.start('gate');
    at(1000);
    gate();
    at(1200);
    const report = timer.report();
    expect(report.seconds).toBeCloseTo(1.2);
    expect(report.cpuSeconds).toBeCloseTo(2.4);
    expect(report.rows.map((r) => [r.phase, r.depth])).toEqual([
      ['list input', 0],
      ['gate', 0],
      ['other', 0],
    ]);
    const rows = byPhase(report);
    expect(rows['list input'].seconds).toBeCloseTo(0.2);
    expect(rows['list input'].cpuSeconds).toBeCloseTo(0.4);
    expect(rows.gate.seconds).toBeCloseTo(0.6);
    expect(rows.gate.share).toBeCloseTo(0.5);
    expect(rows.other.seconds).toBeCloseTo(0.4);
    expect(topSum(report)).toBeCloseTo(report.seconds, 9);
    expect(report.overlaps).toEqual([]);
  });

  it('nests phases by path, sums a phase run several times, and gives the parent its uncovered seconds as "<parent>: other"', () => {
    const { timer, at } = fakeTimer();
    // Two buckets of users: stg_events and songplays run once per bucket.
    for (const start of [0, 1000]) {
      at(start);
      const stg = timer.start(['model', 'stg_events']);
      at(start + 300);
      stg();
      const plays = timer.start(['model', 'songplays']);
      at(start + 800);
      plays();
    }
    at(2000);
    const report = timer.report();
    expect(report.rows.map((r) => [r.phase, r.depth])).toEqual([
      ['model', 0],
      ['model: stg_events', 1],
      ['model: songplays', 1],
      ['other', 0],
    ]);
    const rows = byPhase(report);
    expect(rows['model: stg_events'].seconds).toBeCloseTo(0.6);
    expect(rows['model: songplays'].seconds).toBeCloseTo(1.0);
    // The parent is its children's union: the gaps between buckets are no model's.
    expect(rows.model.seconds).toBeCloseTo(1.6);
    expect(rows.other.seconds).toBeCloseTo(0.4);
    expect(childSum(report, 'model')).toBeCloseTo(rows.model.seconds, 9);
    expect(topSum(report)).toBeCloseTo(2, 9);

    // A parent timed as a whole keeps what its children do not cover.
    const nested = fakeTimer();
    const commit = nested.timer.start('commit');
    nested.at(100);
    const log = nested.timer.start(['commit', 'delta log']);
    nested.at(400);
    log();
    nested.at(500);
    commit();
    const inner = byPhase(nested.timer.report());
    expect(inner.commit.seconds).toBeCloseTo(0.5);
    expect(inner['commit: delta log'].seconds).toBeCloseTo(0.3);
    expect(inner['commit: other'].seconds).toBeCloseTo(0.2);
    expect(inner.other.seconds).toBeCloseTo(0);
  });

  it('counts each second once where phases overlap, and flags the overlap', () => {
    const { timer, at } = fakeTimer();
    // The two sources read at once: 0.5 s of the 1.5 s both ran is shared.
    readBothSources(timer, at);
    const report = timer.report();
    const rows = byPhase(report);
    expect(rows['read: song_data'].seconds).toBeCloseTo(0.75);
    expect(rows['read: song_data'].spanSeconds).toBeCloseTo(1.0);
    expect(rows['read: log_data'].seconds).toBeCloseTo(0.75);
    expect(rows.read.seconds).toBeCloseTo(1.5);
    expect(topSum(report)).toBeCloseTo(report.seconds, 9);
    expect(report.overlaps).toEqual([
      'read: song_data ran 1.000 s, 0.500 s of it at once with read: log_data (counted: 0.750 s)',
      'read: log_data ran 1.000 s, 0.500 s of it at once with read: song_data (counted: 0.750 s)',
    ]);
  });

  it('counts work behind the others only for its time on this thread and the wait for it; an enclosing rest for what no phase covers', () => {
    const { timer, at } = fakeTimer();
    const build = timer.mark();
    // songs is modelled, then written behind the next model: its synchronous part, then on worker threads.
    at(100);
    const songsModel = timer.start(['model', 'songs']);
    at(300);
    songsModel();
    const writing = timer.start(['write parquet', 'songs'], { overlap: 'behind' });
    const sync = timer.start(['write parquet', 'songs']);
    at(400);
    sync();
    const playsModel = timer.start(['model', 'songplays']);
    at(1000);
    playsModel();
    // The build waits for the write to end.
    const wait = timer.start('write parquet');
    at(1200);
    writing();
    wait();
    at(1300);
    timer.record('local build (rest)', build, timer.mark(), { overlap: 'rest' });
    at(1400);
    const report = timer.report();
    const rows = byPhase(report);
    expect(rows.model.seconds).toBeCloseTo(0.8);
    expect(rows['write parquet'].seconds).toBeCloseTo(0.3);
    expect(rows['write parquet'].spanSeconds).toBeCloseTo(0.9);
    expect(rows['write parquet: songs'].seconds).toBeCloseTo(0.3);
    expect(rows['local build (rest)'].seconds).toBeCloseTo(0.2);
    expect(rows.other.seconds).toBeCloseTo(0.1);
    expect(topSum(report)).toBeCloseTo(1.4, 9);
    expect(report.rows.filter((r) => r.depth === 0).map((r) => r.phase)).toEqual(['model', 'write parquet', 'local build (rest)', 'other']);
    // The write's overlap is reported; the enclosing rest's is not (it encloses everything by design).
    expect(report.overlaps).toEqual(['write parquet ran 0.900 s, 0.600 s of it at once with model (counted: 0.300 s)']);
  });

  it('cuts phases still running at the report, and attributes CPU the way it attributes seconds', () => {
    const { timer, at } = fakeTimer();
    timer.start('read');
    at(400);
    const report = timer.report();
    expect(byPhase(report).read.seconds).toBeCloseTo(0.4);
    expect(byPhase(report).read.cpuSeconds).toBeCloseTo(0.8);
    expect(report.rows.reduce((sum, r) => sum + (r.depth === 0 ? r.cpuSeconds! : 0), 0)).toBeCloseTo(report.cpuSeconds!, 9);
  });

  it('times promises and synchronous work, ending a phase whose work fails', async () => {
    const timer = new PhaseTimer();
    expect(await timer.time('a', async () => 1)).toBe(1);
    expect(timer.timeSync(['b', 'c'], () => 2)).toBe(2);
    await expect(timer.time('d', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await timer.timeBehind('e', async () => 3)).toBe(3);
    const report = timer.report();
    expect(report.rows.map((r) => r.phase)).toEqual(['a', 'b', 'b: c', 'd', 'e', 'other']);
    expect(topSum(report)).toBeCloseTo(report.seconds, 9);
    // Code handed no timer runs its work as it is.
    expect(await NO_PHASES.time('x', async () => 4)).toBe(4);
    expect(NO_PHASES.timeSync('x', () => 5)).toBe(5);
  });

  it('prints a table whose top rows sum to its total, then the overlaps', () => {
    const { timer, at } = fakeTimer();
    readBothSources(timer, at);
    at(2000);
    const text = formatPhases(timer.report());
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^phase\s+wall s\s+share\s+cpu s$/);
    expect(lines).toContain('read                1.500   75.0%  3.000');
    expect(lines).toContain('  read: song_data   0.750   37.5%  1.500');
    expect(lines).toContain('other               0.500   25.0%  1.000');
    expect(lines).toContain('total               2.000  100.0%  4.000');
    expect(text).toMatch(/phases overlapped/);
    expect(text).toMatch(/^ {2}read: song_data ran 1\.000 s, 0\.500 s of it at once with read: log_data \(counted: 0\.750 s\)$/m);
  });

  it('shows an engine that times nothing of its own (Spark, EMR: the step runs elsewhere) as one "<engine> step" phase, then the gate and the commit', async () => {
    const local = createEngine('local', {}, { input: SAMPLE, output: '' });
    // The local engine's build, handed no timer: what an engine that times nothing looks like to the run.
    const step: Engine = { name: 'spark', build: (job) => local.build({ ...job, phases: undefined }) };
    const summary = await runEtl({ input: SAMPLE, output: tempDir(), engine: step });
    const report = summary.phases!;
    expect(report.seconds).toBe(summary.seconds);
    const top = report.rows.filter((r) => r.depth === 0).map((r) => r.phase);
    expect(top).toEqual(expect.arrayContaining(['list input', 'spark step', 'gate', 'commit', 'other']));
    expect(top).not.toContain('read');
    expect(top).not.toContain('model');
    expect(byPhase(report)['spark step'].seconds).toBeGreaterThan(0.1);
    expect(topSum(report)).toBeCloseTo(report.seconds, 9);
  });
});
