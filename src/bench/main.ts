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

const USAGE = `usage: npm run bench [-- options]
  --quick                 100k events only
  --sizes N,N,…           event counts (default 100000,1000000,10000000)
  --with-50m              add 50M events (~22 GB of JSON; local engine only by default, see --huge-engines)
  --repeat N              runs per engine and size below --large-from (default 3)
  --engines E,E,…         local,spark,polars-python,polars-lazy,duckdb-python (default all)
  --large-from N          sizes from N events run --large-repeat times with --large-engines (default 5000000)
  --large-engines E,E,…   default local,polars-python,polars-lazy,duckdb-python (Spark on 10M takes tens of
                          minutes here)
  --large-repeat N        default 1
  --huge-from N           sizes from N events run only --huge-engines (default 20000000)
  --huge-engines E,E,…    default local: the Python Polars script holds its whole input in memory (~1.3 GB per
                          million events), past a 24 GB machine at 50M; add duckdb-python to time DuckDB there too`;

const FLAGS = ['quick', 'with-50m', 'help'];
const VALUED = ['sizes', 'repeat', 'engines', 'large-from', 'large-engines', 'large-repeat', 'huge-from', 'huge-engines'];
const ENGINES = ['local', 'spark', 'polars-python', 'polars-lazy', 'duckdb-python'];

const args = process.argv.slice(2);
const values = new Map<string, string>();
for (let i = 0; i < args.length; i++) {
  const name = args[i].replace(/^--/, '');
  if (!args[i].startsWith('--') || ![...FLAGS, ...VALUED].includes(name)) usageError(`unknown option ${args[i]}`);
  if (VALUED.includes(name)) {
    if (i + 1 >= args.length || args[i + 1].startsWith('--')) usageError(`${args[i]} needs a value`);
    values.set(name, args[++i]);
  } else values.set(name, '');
}
if (values.has('help')) {
  process.stdout.write(USAGE + '\n');
  process.exit(0);
}

function usageError(message: string): never {
  process.stderr.write(`bench: ${message}\n${USAGE}\n`);
  process.exit(2);
}

const option = (name: string) => values.get(name);
const count = (name: string, fallback: number) => {
  const value = Number(option(name) ?? fallback);
  if (!Number.isInteger(value) || value < 1) usageError(`--${name} takes a positive whole number, not ${option(name)}`);
  return value;
};
const engineList = (name: string, fallback: string) => {
  const list = (option(name) ?? fallback).split(',');
  const unknown = list.filter((e) => !ENGINES.includes(e));
  if (unknown.length > 0) usageError(`--${name}: unknown engine ${unknown.join(', ')} (engines: ${ENGINES.join(', ')})`);
  return list;
};
const quick = values.has('quick');
const sizes = (option('sizes') ?? (quick ? '100000' : '100000,1000000,10000000')).split(',').map((s) => {
  const n = Number(s);
  if (!Number.isInteger(n) || n < 1) usageError(`--sizes takes event counts, not ${s}`);
  return n;
});
// 50M events is ~22 GB of JSON and tens of minutes per engine: only when asked for.
if (values.has('with-50m') && !sizes.includes(50_000_000)) sizes.push(50_000_000);
const repeat = count('repeat', 3);
const engines = engineList('engines', ENGINES.join(','));
const largeFrom = count('large-from', 5_000_000);
const largeEngines = engineList('large-engines', 'local,polars-python,polars-lazy,duckdb-python');
const largeRepeat = count('large-repeat', 1);
const hugeFrom = count('huge-from', 20_000_000);
const hugeEngines = engineList('huge-engines', 'local');

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
  // The comparison scripts run the kit's own models, rendered in their engine's dialect (polars-lazy restates them
  // as Polars expressions: it reads only the spec's sources and tables, so its dialect does not matter).
  const scripts: Record<string, { script: string; dialect: typeof POLARS_DIALECT }> = {
    'polars-python': { script: 'polars_baseline.py', dialect: POLARS_DIALECT },
    'polars-lazy': { script: 'polars_lazy_baseline.py', dialect: POLARS_DIALECT },
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
  // Every run's output is kept until the bench ends, then deleted at once, so that no run pays for the cleanup of
  // the one before: ext4 here passes over recently freed inodes one by one when it allocates new ones (a 1M local
  // run profiled right after a deletion spent 5% of its CPU in ext4's inode allocator; one without, 0.2%).
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'sparkify-bench-'));
  try {
    await runBench(scratch);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

async function runBench(scratch: string): Promise<void> {
  const loadAtStart = os.loadavg()[0];
  const runs: BenchRun[] = [];
  // RSS over time of each engine's last run at each large size (and at the largest), one chart per size.
  const largest = Math.max(...sizes);
  const charted = (events: number) => events >= largeFrom || events === largest;
  const timelines = new Map<number, RssSeries[]>();
  for (const events of sizes) {
    const { dir, bytes } = await dataset(events);
    const large = events >= largeFrom;
    const times = large ? largeRepeat : repeat;
    const chosen = events >= hugeFrom ? hugeEngines : large ? largeEngines : engines;
    // Round by round, every engine once a round: the machine's speed drifts over minutes here (the same script's
    // time moved 2-3x between two runs hours apart), and interleaved runs meet the same drift, so the ratios hold.
    for (let i = 1; i <= times; i++) {
      for (const engine of engines.filter((e) => chosen.includes(e))) {
        const output = fs.mkdtempSync(path.join(scratch, `${engine}-${events}-`));
        const [command, commandArgs] = commandFor(engine, dir, output);
        progress.log(`${engine} on ${events} events, run ${i}/${times}…`);
        const m = await measure(command, commandArgs);
        const ok = m.code === 0;
        progress.log(`${engine} on ${events} events: ${ok ? `${m.wallSeconds.toFixed(2)} s, peak ${m.peakRssMb.toFixed(0)} MB` : `FAILED: ${m.stderrTail.trim().split('\n').pop()}`}`);
        runs.push({ engine, events, input_bytes: bytes, wall_s: m.wallSeconds, cpu_s: m.cpuSeconds, peak_rss_mb: m.peakRssMb, ok, error: ok ? undefined : m.stderrTail.trim().split('\n').pop() });
        if (charted(events) && ok && i === times) {
          // At most ~300 points a run (a sample every 100 ms is 6,000 in ten minutes): enough for the chart.
          const every = Math.ceil(m.rssTimeline.length / 300);
          const samples = m.rssTimeline.filter((_, n) => n % every === 0);
          const series = timelines.get(events) ?? timelines.set(events, []).get(events)!;
          series.push({ engine, samples: samples.map(([t, mb]) => [round(t, 1), Math.round(mb)]) });
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
    rss_timelines: [...timelines].map(([events, series]) => ({ events, series })),
  };
  fs.writeFileSync(path.join(BENCH_DIR, 'results.json'), JSON.stringify(results, null, 2) + '\n');
  const table = benchTable(results);
  process.stdout.write(table + '\n');
  const charts = [...timelines].map(([events, series]) => {
    const file = `bench-rss-${sizeLabel(events)}.svg`;
    fs.writeFileSync(path.join(PROJECT_ROOT, 'docs', file), rssChartSvg(`RSS over time, ${events.toLocaleString('en-US')} events (${results.date.slice(0, 10)})`, series) + '\n');
    return `![RSS of each engine's process tree over time, ${events.toLocaleString('en-US')} events](${file})`;
  });
  writePerformanceSection([table, ...charts].join('\n\n'));
}

/** 100000 -> 100k, 50000000 -> 50m: chart file names. */
const sizeLabel = (events: number) => (events % 1_000_000 === 0 ? `${events / 1_000_000}m` : `${Math.round(events / 1000)}k`);

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Replaces what is between the markers of docs/performance.md with this run's table and charts (the README holds no figures). */
function writePerformanceSection(section: string): void {
  const page = path.join(PROJECT_ROOT, 'docs', 'performance.md');
  const text = fs.readFileSync(page, 'utf8');
  const start = '<!-- bench:start -->';
  const end = '<!-- bench:end -->';
  if (!text.includes(start) || !text.includes(end)) throw new Error(`${page} has no ${start} … ${end} markers for the table`);
  fs.writeFileSync(page, text.slice(0, text.indexOf(start) + start.length) + '\n' + section + '\n' + text.slice(text.indexOf(end)));
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${(err as Error).message}\n`);
  process.exitCode = 1;
});
