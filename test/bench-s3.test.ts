import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

// The S3 small-object benchmark is run by hand (npm run bench:s3) and its figures go in the README; this keeps
// it from rotting: it must build and start its servers, read every object both ways and print one row per
// latency. No speed is asserted (shared machines are noisy), only what holds on any machine: a sequential read
// through a proxy that holds each request D ms takes about objects × D (at least half that, whatever the timers).
const ROOT = path.resolve(__dirname, '..');

function runBench(args: string[]) {
  const run = spawnSync(process.execPath, [path.join(ROOT, 'bench', 's3-small-objects.js'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 240_000 });
  if (run.status !== 0) throw new Error(`bench:s3 ${args.join(' ')} exited ${run.status}:\n${run.stdout}\n${run.stderr}`);
  const rows = [...run.stdout.matchAll(/^\| (\d+) ms \| ([\d.]+) s \| ([\d.]+) s \| ([\d.]+)x \|$/gm)].map((m) => ({
    latency: Number(m[1]),
    concurrent: Number(m[2]),
    sequential: Number(m[3]),
    ratio: Number(m[4]),
  }));
  return { stdout: run.stdout, rows };
}

describe('npm run bench:s3', () => {
  it('reads every object concurrently and one at a time from gofakes3, with and without added latency', () => {
    const { stdout, rows } = runBench(['--objects', '300', '--latency-ms', '0,10', '--server', 'gofakes3']);
    expect(stdout).toMatch(/gofakes3 on http:\/\/127\.0\.0\.1:\d+: uploaded 300 objects/);
    expect(rows.map((r) => r.latency)).toEqual([0, 10]);
    for (const r of rows) expect(r.ratio).toBeCloseTo(r.sequential / r.concurrent, 0);
    expect(rows[1].sequential).toBeGreaterThan(300 * 0.005);
  });

  it('runs against moto_server too', () => {
    const { stdout, rows } = runBench(['--objects', '100', '--latency-ms', '0', '--server', 'moto']);
    expect(stdout).toMatch(/moto_server on http:\/\/127\.0\.0\.1:\d+: uploaded 100 objects/);
    expect(rows).toHaveLength(1);
  });

  it('refuses a bad option with a one-line error and a non-zero exit', () => {
    const run = spawnSync(process.execPath, [path.join(ROOT, 'bench', 's3-small-objects.js'), '--server', 'minio'], { cwd: ROOT, encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toBe("bench:s3 failed: --server must be gofakes3 or moto, not 'minio'");
  });
});
