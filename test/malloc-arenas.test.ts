import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

const CHILD = path.join(__dirname, 'malloc-arenas-child.js');

function run(args: string[], tunables?: string) {
  const env = { ...process.env };
  delete env.GLIBC_TUNABLES;
  if (tunables !== undefined) env.GLIBC_TUNABLES = tunables;
  const result = spawnSync(process.execPath, [CHILD, 'report', ...args], { env, encoding: 'utf8' });
  return { code: result.status, report: JSON.parse(result.stdout.trim()) as { pid: number; parent: number; tunables: string | null; args: string[] } };
}

describe('the CLI restarts itself with two malloc arenas (glibc)', () => {
  it('runs the script again with the setting, the same arguments and its exit code', () => {
    const { code, report } = run(['--input', 'a b', '--json']);
    expect(code).toBe(3);
    expect(report.tunables).toBe('glibc.malloc.arena_max=2');
    expect(report.args).toEqual(['--input', 'a b', '--json']);
  });

  it("adds to the user's other glibc settings and leaves their own arena setting alone", () => {
    expect(run([], 'glibc.malloc.tcache_count=0').report.tunables).toBe('glibc.malloc.tcache_count=0:glibc.malloc.arena_max=2');
    const own = run([], 'glibc.malloc.arena_max=4');
    expect(own.report.tunables).toBe('glibc.malloc.arena_max=4');
    // Not relaunched: the reporting process is the one spawnSync started.
    expect(own.report.parent).toBe(process.pid);
  });

  it('a signal sent to the first process stops the relaunched one too, and is its exit', async () => {
    const first = spawn(process.execPath, [CHILD, 'wait'], { stdio: 'ignore', env: { ...process.env, GLIBC_TUNABLES: '' } });
    const relaunched = await waitFor(() => childOf(first.pid!));
    const exit = new Promise<NodeJS.Signals | null>((resolve) => first.on('exit', (_code, signal) => resolve(signal)));
    first.kill('SIGTERM');
    expect(await exit).toBe('SIGTERM');
    await waitFor(() => (fs.existsSync(`/proc/${relaunched}`) ? null : true));
  });
});

/** The pid of a child process of `pid` (Linux /proc), or null. */
function childOf(pid: number): number | null {
  const children = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
  return children ? Number(children.split(' ')[0]) : null;
}

async function waitFor<T>(probe: () => T | null, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
