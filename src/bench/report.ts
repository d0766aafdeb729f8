/** One measured run of one engine on one dataset. */
export interface BenchRun {
  engine: string;
  events: number;
  input_bytes: number;
  wall_s: number;
  /** User + system CPU seconds of the whole process tree. */
  cpu_s: number;
  peak_rss_mb: number;
  ok: boolean;
  error?: string;
}

export interface BenchSummaryRow {
  engine: string;
  events: number;
  runs: number;
  median_wall_s: number;
  median_cpu_s: number;
  peak_rss_mb: number;
  events_per_s: number;
  input_mb_per_s: number;
  /** Median wall time relative to the local engine's on the same dataset (>1 = slower than local). */
  vs_local: number | null;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

export function summarize(runs: BenchRun[]): BenchSummaryRow[] {
  const groups = new Map<string, BenchRun[]>();
  for (const run of runs.filter((r) => r.ok)) {
    const key = `${run.events}\t${run.engine}`;
    groups.set(key, [...(groups.get(key) ?? []), run]);
  }
  const rows = [...groups.values()].map((group) => {
    const wall = median(group.map((r) => r.wall_s));
    return {
      engine: group[0].engine,
      events: group[0].events,
      runs: group.length,
      median_wall_s: wall,
      median_cpu_s: median(group.map((r) => r.cpu_s)),
      peak_rss_mb: Math.max(...group.map((r) => r.peak_rss_mb)),
      events_per_s: group[0].events / wall,
      input_mb_per_s: group[0].input_bytes / 2 ** 20 / wall,
      vs_local: null as number | null,
    };
  });
  for (const row of rows) {
    const local = rows.find((r) => r.events === row.events && r.engine === 'local');
    row.vs_local = local ? row.median_wall_s / local.median_wall_s : null;
  }
  return rows.sort((a, b) => a.events - b.events || a.engine.localeCompare(b.engine));
}

export function benchTable(results: { command: string; date: string; machine: { cpus: number; cpu?: string; memory_gb: number }; load_average?: { start: number; end: number }; runs: BenchRun[]; summary: BenchSummaryRow[] }): string {
  const failed = results.runs.filter((r) => !r.ok);
  return [
    `Measured ${results.date.slice(0, 10)} with \`${results.command}\` on ${results.machine.cpus} cores (${results.machine.cpu ?? 'unknown CPU'}), ${results.machine.memory_gb} GiB${results.load_average ? ` (1-minute load average ${results.load_average.start} at the start, ${results.load_average.end} at the end)` : ''}; medians of the runs; CPU = user + system seconds and peak RSS, both of the whole process tree.`,
    '',
    '| events | engine | runs | median wall (s) | vs local | CPU (s) | peak RSS (MB) | events/s | input MB/s |',
    '|---:|---|---:|---:|---:|---:|---:|---:|---:|',
    ...results.summary.map(
      (r) =>
        `| ${r.events.toLocaleString('en-US')} | ${r.engine} | ${r.runs} | ${r.median_wall_s.toFixed(2)} | ${r.vs_local === null ? '—' : `${r.vs_local.toFixed(2)}x`} | ${r.median_cpu_s.toFixed(1)} | ${r.peak_rss_mb.toFixed(0)} | ${Math.round(r.events_per_s).toLocaleString('en-US')} | ${r.input_mb_per_s.toFixed(1)} |`,
    ),
    ...(failed.length ? ['', `Failed runs: ${failed.map((r) => `${r.engine} at ${r.events} (${r.error})`).join('; ')}`] : []),
  ].join('\n');
}
