import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SOURCES } from '../catalog/sources';
import { TABLES } from '../catalog/tables';
import { generate } from '../generator/generate';
import { POLARS_DIALECT } from '../models/dialects/polars';
import { renderModels } from '../models/models';
import { PROJECT_ROOT } from '../project-root';
import { consoleProgress } from '../progress';
import { measure } from './process-tree';
import { benchTable, summarize, type BenchRun } from './report';
import { rssChartSvg, type RssSeries } from './rss-chart';
import { DUCKDB_DIALECT } from '../models/dialects/duckdb';

/**
 * `npm run bench [-- --quick] [--sizes 100000,1000000] [--with-50m] [--repeat N]
 *  [--engines local,spark,polars-python,duckdb-python] [--large-from N] [--large-engines local,polars-python,duckdb-python]
 *  [--large-repeat N]`
 * Sizes from `--large-from` (default 5M events) run `--large-repeat` times (default 1) with `--large-engines`:
 * Spark local mode on 10M events takes tens of minutes on 2 cores, so it is measured up to 1M by default.
 */
const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const quick = args.includes('--quick');
const sizes = (option('sizes') ?? (quick ? '100000' : '100000,1000000,10000000')).split(',').map(Number);
// 50M events is ~22 GB of JSON and tens of minutes per engine: only when asked for.
if (args.includes('--with-50m') && !sizes.includes(50_000_000)) sizes.push(50_000_000);
const repeat = Number(option('repeat') ?? 3);
const engines = (option('engines') ?? 'local,spark,polars-python,duckdb-python').split(',');
const largeFrom = Number(option('large-from') ?? 5_000_000);
const largeEngines = (option('large-engines') ?? 'local,polars-python,duckdb-python').split(',');
const largeRepeat = Number(option('large-repeat') ?? 1);

const BENCH_DIR = path.join(PROJECT_ROOT, 'bench');
const DATA_DIR = path.join(BENCH_DIR, 'data');
const VENV_PYTHON = path.join(PROJECT_ROOT, '.venv', 'bin', 'python');
const progress = consoleProgress();

/** Songs grow with events, as a catalog does with its listeners. */
const songsFor = (events: number) => Math.max(500, Math.round(events / 200));

async function dataset(events: number): Promise<{ dir: string; bytes: number }> {
  const dir = path.join(DATA_DIR, `events-${events}`);
  if (!fs.existsSync(path.join(dir, '.complete'))) {
    fs.rmSync(dir, { recursive: true, force: true });
    progress.log(`generating ${events} events, ${songsFor(events)} songs into ${dir}`);
    await generate({ out: dir, events, songs: songsFor(events), seed: 2018 });
    fs.writeFileSync(path.join(dir, '.complete'), '');
  }
  const bytes = SOURCES.reduce((sum, s) => sum + folderBytes(path.join(dir, s.folder)), 0);
  return { dir, bytes };
}

function folderBytes(dir: string): number {
  return fs.readdirSync(dir, { withFileTypes: true }).reduce((sum, e) => {
    const full = path.join(dir, e.name);
    return sum + (e.isDirectory() ? folderBytes(full) : fs.statSync(full).size);
  }, 0);
}

/** The command line that runs one engine on one input. */
function commandFor(engine: string, input: string, output: string): [string, string[]] {
  const cli = path.join(PROJECT_ROOT, 'bin', 'sparkify.js');
  // The comparison scripts run the kit's own models, rendered in their engine's dialect.
  const scripts: Record<string, { script: string; dialect: typeof POLARS_DIALECT }> = {
    'polars-python': { script: 'polars_baseline.py', dialect: POLARS_DIALECT },
    'duckdb-python': { script: 'duckdb_baseline.py', dialect: DUCKDB_DIALECT },
  };
  const baseline = scripts[engine];
  if (baseline) {
    const spec = path.join(BENCH_DIR, `.${engine}-spec.json`);
    fs.writeFileSync(spec, JSON.stringify({ sources: SOURCES, models: renderModels(baseline.dialect), tables: TABLES }));
    return [VENV_PYTHON, [path.join(BENCH_DIR, baseline.script), spec, input, output]];
  }
  return [process.execPath, [cli, 'etl', '--engine', engine, '--input', input, '--output', output]];
}

async function main(): Promise<void> {
  const loadAtStart = os.loadavg()[0];
  const runs: BenchRun[] = [];
  // RSS over time of each engine's last run at the largest size, for the chart.
  const largest = Math.max(...sizes);
  const timelines: RssSeries[] = [];
  for (const events of sizes) {
    const { dir, bytes } = await dataset(events);
    const large = events >= largeFrom;
    const times = large ? largeRepeat : repeat;
    for (const engine of large ? engines.filter((e) => largeEngines.includes(e)) : engines) {
      for (let i = 1; i <= times; i++) {
        const output = fs.mkdtempSync(path.join(os.tmpdir(), `sparkify-bench-${engine}-`));
        const [command, commandArgs] = commandFor(engine, dir, output);
        progress.log(`${engine} on ${events} events, run ${i}/${times}…`);
        const m = await measure(command, commandArgs);
        fs.rmSync(output, { recursive: true, force: true });
        const ok = m.code === 0;
        progress.log(`${engine} on ${events} events: ${ok ? `${m.wallSeconds.toFixed(2)} s, peak ${m.peakRssMb.toFixed(0)} MB` : `FAILED: ${m.stderrTail.trim().split('\n').pop()}`}`);
        runs.push({ engine, events, input_bytes: bytes, wall_s: m.wallSeconds, cpu_s: m.cpuSeconds, peak_rss_mb: m.peakRssMb, ok, error: ok ? undefined : m.stderrTail.trim().split('\n').pop() });
        if (events === largest && ok && i === times) {
          // At most ~300 points a run (a sample every 100 ms is 6,000 in ten minutes): enough for the chart.
          const every = Math.ceil(m.rssTimeline.length / 300);
          const samples = m.rssTimeline.filter((_, n) => n % every === 0);
          timelines.push({ engine, samples: samples.map(([t, mb]) => [round(t, 1), Math.round(mb)]) });
        }
      }
    }
  }
  const results = {
    command: `npm run bench -- ${args.join(' ')}`.trim(),
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memory_gb: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}` },
    // Other work on a shared machine skews the figures: its 1-minute load average when the bench started and ended.
    load_average: { start: round(loadAtStart, 2), end: round(os.loadavg()[0], 2) },
    runs,
    summary: summarize(runs),
    rss_timeline: { events: largest, series: timelines },
  };
  fs.writeFileSync(path.join(BENCH_DIR, 'results.json'), JSON.stringify(results, null, 2) + '\n');
  const table = benchTable(results);
  process.stdout.write(table + '\n');
  writePerformanceTable(table);
  fs.writeFileSync(path.join(PROJECT_ROOT, 'docs', 'bench-rss.svg'), rssChartSvg(`RSS over time, ${largest.toLocaleString('en-US')} events (${results.date.slice(0, 10)})`, timelines) + '\n');
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Replaces the table between the markers of docs/performance.md with this run's (the README holds no figures). */
function writePerformanceTable(table: string): void {
  const page = path.join(PROJECT_ROOT, 'docs', 'performance.md');
  const text = fs.readFileSync(page, 'utf8');
  const start = '<!-- bench:start -->';
  const end = '<!-- bench:end -->';
  if (!text.includes(start) || !text.includes(end)) throw new Error(`${page} has no ${start} … ${end} markers for the table`);
  fs.writeFileSync(page, text.slice(0, text.indexOf(start) + start.length) + '\n' + table + '\n' + text.slice(text.indexOf(end)));
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${(err as Error).message}\n`);
  process.exitCode = 1;
});
