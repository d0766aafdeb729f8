import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, SAMPLE, tempDir, writeTree } from './helpers';

/** A user error is exactly one line on stderr and a non-zero exit. */
function expectOneLineError(result: { code: number | null; stderr: string }, pattern: RegExp) {
  expect(result.code).not.toBe(0);
  expect(result.code).not.toBeNull();
  const lines = result.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
}

describe('the sparkify CLI', () => {
  it('runs the ETL and prints a summary per table', () => {
    const output = tempDir();
    const result = cli(['etl', '--input', SAMPLE, '--output', output]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^songplays\s+6820\s+1\s+1\s/m);
    expect(result.stdout).toMatch(/^users\s+97\s/m);
    expect(result.stdout).toMatch(/quarantined records: 0/);
    expect(result.stderr).toMatch(/log_data: 30 files listed/);
    // The phase table is --verbose's.
    expect(result.stdout).not.toMatch(/^phase\s+wall s/m);
    // One committed run (its manifest in _runs/), whose files are in its folder inside each Delta table.
    const runs = fs.readdirSync(path.join(output, '_runs')).map((name) => name.replace(/\.json$/, ''));
    expect(runs).toHaveLength(1);
    expect(fs.existsSync(path.join(output, 'songplays', '_delta_log'))).toBe(true);
    expect(fs.existsSync(path.join(output, 'songplays', runs[0], 'year=2018', 'month=11'))).toBe(true);
  });

  it('--verbose prints, after the summary, where the run went phase by phase, the top phases summing to its time', () => {
    const result = cli(['etl', '--input', SAMPLE, '--output', tempDir(), '--verbose']);
    expect(result.code, result.stderr).toBe(0);
    const reported = Number(/^engine local, run \S+, ([\d.]+) s$/m.exec(result.stdout)![1]);
    const table = result.stdout.slice(result.stdout.indexOf('\nphase '));
    expect(table).toMatch(/^phase\s+wall s\s+share\s+cpu s$/m);
    const rows = [...table.matchAll(/^( *)(\S.*?)\s+(\d+\.\d{3})\s+(\d+\.\d)%\s+(\d+\.\d{3})$/gm)].map((m) => ({ depth: m[1].length / 2, phase: m[2], seconds: Number(m[3]), cpu: Number(m[5]) }));
    const phases = rows.map((r) => r.phase);
    for (const phase of ['list input', 'content hash', 'read', 'read: song_data', 'read: log_data', 'model', 'model: stg_events', 'model: songplays', 'write parquet', 'write parquet: songs', 'write parquet: songplays', 'gate', 'gate: checks', 'commit', 'commit: delta log', 'other', 'total']) {
      expect(phases, phase).toContain(phase);
    }
    // The top phases (not the total) sum to the run's seconds as the summary reports them.
    const top = rows.filter((r) => r.depth === 0 && r.phase !== 'total');
    const sum = top.reduce((s, r) => s + r.seconds, 0);
    expect(Math.abs(sum - reported) / reported).toBeLessThan(0.05);
    expect(rows.find((r) => r.phase === 'total')!.seconds).toBeCloseTo(sum, 2);
    // The models' rows are part of "model", each model once however many times it ran.
    const model = rows.find((r) => r.phase === 'model')!;
    const models = rows.filter((r) => r.phase.startsWith('model: '));
    expect(new Set(models.map((r) => r.phase)).size).toBe(models.length);
    expect(Math.abs(models.reduce((s, r) => s + r.seconds, 0) - model.seconds)).toBeLessThan(0.005 * models.length);
  });

  it('--json prints the summary as JSON', () => {
    const result = cli(['etl', '--input', SAMPLE, '--output', tempDir(), '--json']);
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary.tables.map((t: { table: string; rows: number }) => [t.table, t.rows])).toEqual([
      ['songplays', 6820],
      ['users', 97],
      ['songs', 71],
      ['artists', 69],
      ['time', 6813],
    ]);
    // Where the run's seconds went, for tools reading the summary (bench).
    expect(summary.phases.seconds).toBe(summary.seconds);
    expect(summary.phases.rows.map((r: { phase: string }) => r.phase)).toContain('model: songplays');
  });

  it('a missing input folder is a one-line error', () => {
    expectOneLineError(cli(['etl', '--input', '/no/such/folder', '--output', tempDir()]), /input folder \/no\/such\/folder does not exist/);
  });

  it('an input without song_data or log_data is a one-line error', () => {
    const input = writeTree({ 'log_data/a.json': '{}' });
    expectOneLineError(cli(['etl', '--input', input, '--output', tempDir()]), /has no song_data folder/);
  });

  it('an unknown engine is a one-line error', () => {
    expectOneLineError(cli(['etl', '--input', SAMPLE, '--output', tempDir(), '--engine', 'duckdb']), /unknown engine "duckdb"/);
  });

  it('missing arguments, unknown commands and unknown options are one-line errors', () => {
    expectOneLineError(cli(['etl', '--input', SAMPLE]), /missing --output/);
    expectOneLineError(cli(['transmogrify']), /unknown command "transmogrify"/);
    expectOneLineError(cli(['etl', '--inptu', SAMPLE]), /Unknown option '--inptu'/);
    expectOneLineError(cli(['generate', '--out', tempDir(), '--events', 'many']), /--events must be an integer/);
  });

  it('an output that cannot be written is refused before any input is read', () => {
    const file = path.join(tempDir(), 'not-a-folder');
    fs.writeFileSync(file, '');
    const result = cli(['etl', '--input', SAMPLE, '--output', path.join(file, 'lake')]);
    expectOneLineError(result, /output .*not-a-folder\/lake cannot be written \(a file is in the way of the folder\); nothing was read or written/);
    expect(result.stderr).not.toMatch(/files listed|records loaded/);
  });

  it('the commands that read a lake give the one-line AWS errors etl gives, with exit 2', () => {
    // No region, and no credentials: what a fresh shell has. Each is refused before any request is sent.
    const env = { AWS_REGION: '', AWS_DEFAULT_REGION: '', AWS_PROFILE: 'sparkify-no-such-profile', AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' };
    for (const command of ['status', 'check', 'diff', 'report', 'skew', 'repair']) {
      expectOneLineError(cli([command, '--output', 's3://sparkify-no-such-bucket/lake'], { env }), /^sparkify: s3:\/\/sparkify-no-such-bucket\/lake: no AWS region configured/);
    }
    const withRegion = { ...env, AWS_REGION: 'us-east-1', AWS_EC2_METADATA_DISABLED: 'true' };
    expectOneLineError(cli(['status', '--output', 's3://sparkify-no-such-bucket/lake'], { env: withRegion }), /^sparkify: s3:\/\/sparkify-no-such-bucket\/lake: no AWS credentials found/);
  });

  it('--help prints the usage', () => {
    const result = cli(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/sparkify <command>/);
  });
});
