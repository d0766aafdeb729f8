import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

const CHILD = path.join(__dirname, 'malloc-arenas-child.js');

function run(args: string[], tunables?: string) {
  const env = { ...process.env };
  delete env.GLIBC_TUNABLES;
  if (tunables !== undefined) env.GLIBC_TUNABLES = tunables;
  const result = spawnSync(process.execPath, [CHILD, ...args], { env, encoding: 'utf8' });
  const report = JSON.parse(result.stdout.trim()) as { pid: number; tunables: string | null; args: string[] };
  return { code: result.status, pid: result.pid, report };
}

describe('the CLI restarts itself with two malloc arenas (glibc)', () => {
  it('in the same process (a kill meant for it still reaches it), with the same arguments and exit code', () => {
    const { code, pid, report } = run(['etl', '--input', 'a b', '--json']);
    expect(report.tunables).toBe('glibc.malloc.arena_max=2');
    expect(report.pid).toBe(pid);
    expect(report.args).toEqual(['etl', '--input', 'a b', '--json']);
    expect(code).toBe(3);
  });

  it("adds to the user's other glibc settings and leaves their own arena setting alone", () => {
    expect(run([], 'glibc.malloc.tcache_count=0').report.tunables).toBe('glibc.malloc.tcache_count=0:glibc.malloc.arena_max=2');
    expect(run([], 'glibc.malloc.arena_max=4').report.tunables).toBe('glibc.malloc.arena_max=4');
  });
});
