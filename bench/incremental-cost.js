// What a one-day incremental run reads and writes against a full run, on a 30-day generated dataset (local engine,
// a folder lake). Usage: npm run build && node bench/incremental-cost.js [events] [songs]
// Prints, for each run: input files and bytes read, lake files and bytes the merge read, files and bytes written,
// wall time, and where that time went, phase by phase (the run summary's `phases`, as `etl --verbose` prints it).
// Figures vary with machine load.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { generate } = require('../dist/generator/generate');
const { deliver, filesBelow } = require('../dist/generator/daily-feed');
const { runEtl } = require('../dist/run/etl');
const { formatPhases } = require('../dist/core/phase-timer');

const events = Number(process.argv[2] ?? 300000);
const songs = Number(process.argv[3] ?? 3000);

/** A progress that keeps the lines the run logs (the lake reads of the merge among them). */
function recorder() {
  const lines = [];
  return { lines, progress: { log: (m) => lines.push(m), tick: () => {} } };
}

const mb = (n) => `${(n / 1024 / 1024).toFixed(2)} MB`;

function describeRun(label, summary, lines, seconds) {
  const read = summary.sources.reduce((a, s) => ({ files: a.files + s.files, bytes: a.bytes + s.bytes }), { files: 0, bytes: 0 });
  const logs = summary.sources.find((s) => s.source === 'raw_events');
  const lake = lines
    .map((l) => /^lake (\w+): reading (\d+) of (\d+) files, (.*)$/.exec(l))
    .filter(Boolean)
    .map((m) => `${m[1]} ${m[2]}/${m[3]} files (${m[4]})`);
  const written = summary.tables.reduce((a, t) => ({ files: a.files + t.files, bytes: a.bytes + t.bytes, rows: a.rows + t.rows }), { files: 0, bytes: 0, rows: 0 });
  console.log(`${label}:`);
  console.log(`  input read: ${read.files} files, ${mb(read.bytes)} (log_data ${logs.files} files, ${mb(logs.bytes)})`);
  if (lake.length > 0) console.log(`  lake read by the merge: ${lake.join('; ')}`);
  const hashed = lines.find((l) => l.startsWith('content hash:'));
  if (hashed) console.log(`  ${hashed}`);
  console.log(`  written: ${written.files} files, ${mb(written.bytes)}, ${written.rows} rows (${summary.tables.map((t) => `${t.table} ${t.files}`).join(', ')})`);
  console.log(`  wall time: ${seconds.toFixed(1)} s`);
  console.log(`  where it went:\n${formatPhases(summary.phases).replace(/^/gm, '    ')}`);
  return { read, written, seconds };
}

async function timed(options) {
  const { lines, progress } = recorder();
  const started = performance.now();
  const summary = await runEtl({ ...options, progress });
  return { summary, lines, seconds: (performance.now() - started) / 1000 };
}

async function main() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sparkify-inc-cost-'));
  try {
    const source = path.join(work, 'generated');
    await generate({ out: source, songs, events, seed: 30, days: 30 });
    const logs = filesBelow(source, 'log_data');
    const input = path.join(work, 'input');
    console.log(`dataset: ${events} events in ${logs.length} daily log files, ${songs} song files`);

    // A lake holding days 1-29, then day 30 arrives.
    deliver(source, input, [...filesBelow(source, 'song_data'), ...logs.slice(0, -1)]);
    const lake = path.join(work, 'lake-incremental');
    // Days arrive long before the run that reads the next one: files written in the 2 s before a run started are
    // hashed again by the next (their ctime could hide a write in the same tick: src/lake-log/content-hash.ts).
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    await runEtl({ input, output: lake, incremental: true });
    deliver(source, input, logs.slice(-1));
    const day = await timed({ input, output: lake, incremental: true });
    const inc = describeRun('one-day incremental run (day 30 into a lake of days 1-29)', day.summary, day.lines, day.seconds);

    const fullRun = await timed({ input, output: path.join(work, 'lake-full') });
    const full = describeRun('full run (days 1-30)', fullRun.summary, fullRun.lines, fullRun.seconds);
    console.log(
      `incremental / full: input bytes ${(inc.read.bytes / full.read.bytes * 100).toFixed(1)}%, input files ${(inc.read.files / full.read.files * 100).toFixed(2)}%, ` +
        `files written ${(inc.written.files / full.written.files * 100).toFixed(1)}%, bytes written ${(inc.written.bytes / full.written.bytes * 100).toFixed(1)}%, time ${(inc.seconds / full.seconds * 100).toFixed(0)}%`,
    );
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
