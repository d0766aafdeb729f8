// The cost of a run's commit phase, on the moto S3 server (from .venv) and on a local folder: the commit lock, the
// run's intent, five Delta commits (each a snapshot read + a put-if-absent), the run manifest and outcome,
// retention and the lock release, as `sparkify etl` logs it ("committed … in X s"); and the torn window: from the
// first table's commit to the last one's (their commitInfo timestamps), the only time a reader of the five tables
// can see two runs at once. Usage: node bench/delta-commit-latency.js [runs]   (after npm run build, setup:python)
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startMotoServer, motoClientEnv } = require('../scripts/moto-server.js');

/** The CLI without blocking this process: the moto server it started must keep being drained. */
function runCli(args, env) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { env });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdout.resume();
    child.on('close', (status) => resolve({ status, stderr }));
  });
}

/** Milliseconds from the run's first table commit to its last, from the commits' own timestamps. */
async function tornWindowMs(lake, runId) {
  const { history } = require('../dist/delta/history');
  const { openStorage } = require('../dist/storage/open-storage');
  const { storageLogStore } = require('../dist/table-format/delta/storage-log-store');
  const { TABLES } = require('../dist/catalog/tables');
  const stamps = [];
  for (const table of TABLES) {
    const entry = (await history(storageLogStore(openStorage(`${lake}/${table.name}`)))).find((e) => e.commitInfo?.sparkifyRunId === runId);
    stamps.push(entry.timestamp);
  }
  return Math.max(...stamps) - Math.min(...stamps);
}

function summary(values, unit) {
  const sorted = [...values].sort((a, b) => a - b);
  return `median ${sorted[Math.floor(sorted.length / 2)]}${unit}, min ${sorted[0]}${unit}, max ${sorted.at(-1)}${unit}`;
}

async function measure(label, lake, runs, env) {
  const cli = path.join(__dirname, '..', 'bin', 'sparkify.js');
  const input = path.join(__dirname, '..', 'data', 'sample');
  const seconds = [];
  const windows = [];
  for (let i = 0; i < runs; i++) {
    const run = await runCli([cli, 'etl', '--input', input, '--output', lake], env);
    const m = /committed (.*) in ([\d.]+) s/.exec(run.stderr);
    const id = /run (\d{8}T\d{9}Z-[0-9a-f]+):/.exec(run.stderr)?.[1];
    if (run.status !== 0 || !m || !id) throw new Error(run.stderr);
    const window = await tornWindowMs(lake, id);
    seconds.push(Number(m[2]));
    windows.push(window);
    console.log(`${label} run ${i + 1}: ${m[1]} in ${m[2]} s; first to last table commit ${window} ms`);
  }
  console.log(`${label}: commit phase ${summary(seconds, ' s')}; torn window ${summary(windows, ' ms')} over ${runs} runs`);
}

async function main() {
  const runs = Number(process.argv[2] ?? 4);
  await measure('folder', fs.mkdtempSync(path.join(os.tmpdir(), 'commit-latency-')), runs, process.env);
  const server = await startMotoServer();
  try {
    const env = { ...process.env, ...motoClientEnv(server.endpoint) };
    Object.assign(process.env, env);
    const { S3Client, CreateBucketCommand } = require('@aws-sdk/client-s3');
    await new S3Client({}).send(new CreateBucketCommand({ Bucket: 'lake' }));
    await measure('moto S3', 's3://lake/latency', runs, env);
  } finally {
    await server.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
