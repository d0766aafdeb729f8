import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../src/generator/generate';
import { cliAsync, SAMPLE, tempDir } from './helpers';
import { deltaRsRows, kitRows } from './lake-readers';
import { createBucket, startS3Server, type S3Server } from './s3-server';

/**
 * The commit phase judged from outside: runs killed between their table commits, runs started at once, a long run
 * that starts first and commits last. Afterwards delta-rs (a reader nobody here wrote), `sparkify check`,
 * `status` and `--incremental` must agree on which run the lake holds, and no committed row may be lost.
 */

/** Rows per table as delta-rs reads each table's latest version. */
async function deltaRs(lake: string, env: Record<string, string> = {}): Promise<Record<string, string[]>> {
  const tables = await deltaRsRows(lake, env);
  return Object.fromEntries(Object.entries(tables).map(([name, t]) => [name, t.rows]));
}

/**
 * A run of the CLI. These tests replace lakes with runs of other inputs (the sample by a smaller generated set), which
 * the shrink guard would stop: they are about the commit phase, so they let it through.
 */
async function etl(input: string, output: string, extra: string[] = [], env: Record<string, string> = {}) {
  return cliAsync(['etl', '--input', input, '--output', output, '--allow-shrink', ...extra], { env });
}

/** The run id an etl printed (`engine local, run <id>, …`). */
function runIdOf(stdout: string): string {
  const id = /run (\d{8}T\d{9}Z-[0-9a-f]+)/.exec(stdout)?.[1];
  if (!id) throw new Error(`no run id in: ${stdout}`);
  return id;
}

let small: string;
let bigger: string;
/** The lakes one uninterrupted full run of each input makes: what a healed or winning run must equal. */
const expected: Record<string, Record<string, string[]>> = {};

beforeAll(async () => {
  small = tempDir('sparkify-phase-small-');
  await generate({ out: small, songs: 120, events: 2500, seed: 7, days: 30 });
  bigger = tempDir('sparkify-phase-big-');
  // Large enough that a run of it takes seconds longer than one of the sample, so it commits last.
  await generate({ out: bigger, songs: 600, events: 400_000, seed: 8, days: 30 });
  for (const [name, input] of [['sample', SAMPLE], ['small', small], ['bigger', bigger]] as const) {
    const lake = tempDir(`sparkify-phase-ref-${name}-`);
    const run = await etl(input, lake);
    expect(run.code, run.stderr).toBe(0);
    expected[name] = await kitRows(lake);
  }
}, 300_000);

const CRASH_POINTS = ['after-intent', 'after-commit:songplays', 'after-commit:users', 'after-commit:songs', 'after-commit:artists', 'after-commit:time', 'after-manifest'];

describe('a run killed at every step of its commit phase', () => {
  for (const [i, point] of CRASH_POINTS.entries()) {
    // Half are healed by an explicit repair, half by the next etl (an incremental one, so it adds nothing itself).
    const healer = i % 2 === 0 ? 'repair' : 'etl --incremental';
    it(`killed ${point}: check names the torn star, ${healer} heals it, delta-rs then reads five tables of that run`, async () => {
      const lake = tempDir('sparkify-phase-crash-');
      expect((await etl(SAMPLE, lake)).code).toBe(0);
      const killed = await etl(small, lake, [], { SPARKIFY_CRASH_AT: point });
      expect(killed.code).toBeNull(); // SIGKILL
      const torn = point.startsWith('after-commit:') && point !== 'after-commit:time';
      const check = await cliAsync(['check', '--output', lake]);
      if (torn) {
        expect(check.code).toBe(1);
        expect(check.stdout).toMatch(/^FAIL lake whole star: torn star: run \S+ committed songplays.* but not .*time/m);
        const status = await cliAsync(['status', '--output', lake]);
        expect(status.stdout).toMatch(/^unfinished: run \S+ stopped during its commits \(committed songplays/m);
      }

      const heal = healer === 'repair' ? await cliAsync(['repair', '--output', lake]) : await etl(small, lake, ['--incremental']);
      expect(heal.code, heal.stderr).toBe(0);
      const said = heal.stdout + heal.stderr;
      expect(said).toMatch(/repaired the lake: run \S+ had stopped during its commits; (committed [a-z, ]+|every table was committed; recorded its outcome)/);
      // Healed by finishing the killed run: every table holds its rows, as one uninterrupted run of it would.
      expect(await deltaRs(lake)).toEqual(expected.small);
      const after = await cliAsync(['check', '--output', lake]);
      expect(after.code, after.stdout).toBe(0);
      expect(after.stdout).toMatch(/^ok {3}lake whole star: every table's latest version holds run /m);
      expect((await cliAsync(['repair', '--output', lake])).stdout).toContain('nothing to repair');
    }, 120_000);
  }

  it('a killed run whose files are gone is rolled back: the tables it committed hold the previous run again', async () => {
    const lake = tempDir('sparkify-phase-rollback-');
    expect((await etl(SAMPLE, lake)).code).toBe(0);
    const killed = await etl(small, lake, [], { SPARKIFY_CRASH_AT: 'after-commit:users' });
    expect(killed.code).toBeNull();
    // The killed run's time files disappear before anyone repairs it: it can no longer be finished.
    // Run ids begin with their start time: the killed run's folder is the newest.
    const killedRun = fs.readdirSync(path.join(lake, 'time')).filter((f) => /^\d{8}T/.test(f)).sort().at(-1)!;
    fs.rmSync(path.join(lake, 'time', killedRun), { recursive: true });
    const repair = await cliAsync(['repair', '--output', lake]);
    expect(repair.code, repair.stderr).toBe(0);
    expect(repair.stdout).toMatch(/cannot be finished \(.*time's new files are gone.*rolled back songplays, users\)/);
    expect(await deltaRs(lake)).toEqual(expected.sample);
    expect((await cliAsync(['check', '--output', lake])).code).toBe(0);
  }, 120_000);
});

describe('runs that overlap', () => {
  it('a long run that starts first and commits last: delta-rs, status, check and --incremental all hold it', async () => {
    const lake = tempDir('sparkify-phase-overlap-');
    const long = etl(bigger, lake);
    // The short run starts once the long one is under way, and commits first.
    await new Promise((r) => setTimeout(r, 500));
    const short = await etl(SAMPLE, lake);
    const longDone = await long;
    expect([short.code, longDone.code]).toEqual([0, 0]);
    const longRun = runIdOf(longDone.stderr + longDone.stdout);
    const shortRun = runIdOf(short.stderr + short.stdout);
    expect(longRun < shortRun).toBe(true); // started first…
    expect(await deltaRs(lake)).toEqual(expected.bigger); // …committed last, and readers see it whole
    const status = await cliAsync(['status', '--output', lake, '--json']);
    const json = JSON.parse(status.stdout);
    expect(json.state.latest.runId).toBe(longRun);
    expect(json.runs[0].runId).toBe(longRun);
    expect((json.tables as Array<{ runId: string }>).every((t) => t.runId === longRun)).toBe(true);
    const check = await cliAsync(['check', '--output', lake]);
    expect(check.code, check.stdout).toBe(0);
    expect(check.stdout).toContain(`published by run ${longRun}`);
    // The next incremental run merges into the long run's lake: nothing of its input is new, nothing is lost.
    const next = await etl(bigger, lake, ['--incremental']);
    expect(next.code, next.stderr).toBe(0);
    expect(next.stdout + next.stderr).toMatch(/nothing new/);
    expect(await deltaRs(lake)).toEqual(expected.bigger);
  }, 300_000);

  it('three runs started at once on a folder: all commit in turn, the last committed is whole in every reader', async () => {
    const lake = tempDir('sparkify-phase-three-');
    const runs = await Promise.all([etl(SAMPLE, lake), etl(small, lake), etl(SAMPLE, lake, ['--keep-versions', '1'])]);
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    const status = JSON.parse((await cliAsync(['status', '--output', lake, '--json'])).stdout);
    const last = status.state.latest.runId as string;
    const winner = runs.findIndex((r) => runIdOf(r.stderr + r.stdout) === last);
    expect(winner).toBeGreaterThanOrEqual(0);
    expect(await deltaRs(lake)).toEqual(winner === 1 ? expected.small : expected.sample);
    expect(await kitRows(lake)).toEqual(winner === 1 ? expected.small : expected.sample);
    expect((await cliAsync(['check', '--output', lake])).code).toBe(0);
  }, 300_000);
});

describe('runs that overlap on an S3 server', () => {
  let server: S3Server;
  beforeAll(async () => {
    server = await startS3Server();
    await createBucket('phase');
  }, 120_000);
  afterAll(async () => server?.stop());

  it('three runs started at once: all exit 0, then delta-rs, status and check agree on the last one', async () => {
    const lake = 's3://phase/lake';
    const runs = await Promise.all([etl(SAMPLE, lake, [], server.env), etl(small, lake, [], server.env), etl(SAMPLE, lake, [], server.env)]);
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    const status = JSON.parse((await cliAsync(['status', '--output', lake, '--json'], { env: server.env })).stdout);
    const last = status.state.latest.runId as string;
    const winner = runs.findIndex((r) => runIdOf(r.stderr + r.stdout) === last);
    expect(await deltaRs(lake, server.env)).toEqual(winner === 1 ? expected.small : expected.sample);
    const check = await cliAsync(['check', '--output', lake], { env: server.env });
    expect(check.code, check.stdout + check.stderr).toBe(0);
  }, 300_000);
});
