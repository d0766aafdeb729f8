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
    // One committed run (its manifest in _runs/), whose files are in its folder inside each Delta table.
    const runs = fs.readdirSync(path.join(output, '_runs')).map((name) => name.replace(/\.json$/, ''));
    expect(runs).toHaveLength(1);
    expect(fs.existsSync(path.join(output, 'songplays', '_delta_log'))).toBe(true);
    expect(fs.existsSync(path.join(output, 'songplays', runs[0], 'year=2018', 'month=11'))).toBe(true);
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

  it('--help prints the usage', () => {
    const result = cli(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/sparkify <command>/);
  });
});
