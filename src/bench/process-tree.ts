import { spawn } from 'node:child_process';
import * as fs from 'node:fs';

export interface Measured {
  code: number | null;
  wallSeconds: number;
  /** Peak of the summed resident set of the process and all its descendants (JVMs, Python workers). */
  peakRssMb: number;
  /** User + system CPU seconds of the process and the descendants it waited for (all of them, for the kit's). */
  cpuSeconds: number;
  /** The tree's RSS at each sample: [seconds since start, MB]. */
  rssTimeline: Array<[number, number]>;
  stderrTail: string;
}

const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ: 100 on every Linux the kit runs on

/** CPU seconds of this process's waited-for children (cutime + cstime): a finished child's whole tree, as the
 *  kernel adds a reaped process's CPU and its own reaped children's to its parent's. */
function childrenCpuSeconds(): number {
  const stat = fs.readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) / CLOCK_TICKS_PER_SECOND;
}

/** Resident set sizes (bytes) of pid and its descendants, read from /proc (Linux). */
function treeRss(root: number): number {
  const children = new Map<number, number[]>();
  const rss = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces) start after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const pid = Number(entry);
      const ppid = Number(fields[1]);
      rss.set(pid, Number(fields[21]) * 4096);
      children.set(ppid, [...(children.get(ppid) ?? []), pid]);
    } catch {
      // The process ended while we looked.
    }
  }
  let total = 0;
  const stack = [root];
  while (stack.length > 0) {
    const pid = stack.pop()!;
    total += rss.get(pid) ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

/** Runs a command to completion, sampling the process tree's memory every `intervalMs`. */
export function measure(command: string, args: string[], env: NodeJS.ProcessEnv = process.env, intervalMs = 100): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const cpuBefore = childrenCpuSeconds();
    const child = spawn(command, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let peak = 0;
    const rssTimeline: Array<[number, number]> = [];
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)));
    const timer = setInterval(() => {
      const rss = treeRss(child.pid!);
      peak = Math.max(peak, rss);
      rssTimeline.push([Number(process.hrtime.bigint() - started) / 1e9, rss / 2 ** 20]);
    }, intervalMs);
    child.on('error', (err) => {
      clearInterval(timer);
      reject(err);
    });
    child.on('exit', (code) => {
      clearInterval(timer);
      resolve({
        code,
        wallSeconds: Number(process.hrtime.bigint() - started) / 1e9,
        peakRssMb: peak / 2 ** 20,
        cpuSeconds: childrenCpuSeconds() - cpuBefore,
        rssTimeline,
        stderrTail: stderr,
      });
    });
  });
}
