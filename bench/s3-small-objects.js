'use strict';
// Benchmark (not a test): list and read N small song objects (~250 bytes each, the shape of the real song
// metadata) from a local S3-compatible server with the kit's concurrent reader and one at a time, and print both
// times and their ratio, once per simulated network latency.
//   npm run bench:s3 [-- --objects 15000 --latency-ms 0,5,20 --pool 64 --server gofakes3|moto]   (about 8 minutes)
// Latency 0 reads straight from the server on 127.0.0.1, where every request is CPU on both sides and there is
// no waiting for a pool to overlap. A latency above 0 puts bench/latency-proxy.js in front of the server, holding
// each request that long, as the network and S3's first byte do (tens of ms from EC2, more from elsewhere).
// The server is gofakes3 (scripts/setup-s3-server.sh) unless --server moto: moto_server serves ~250 requests/s
// from one Python process, which caps the concurrent figure. Needs dist/ (npm run build).
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { parseArgs } = require('node:util');
const { spawn, execFileSync } = require('node:child_process');

const ROOT = path.join(__dirname, '..');
const DIST = path.join(ROOT, 'dist');

async function main() {
  const { values } = parseArgs({
    options: {
      objects: { type: 'string', default: '15000' },
      'latency-ms': { type: 'string', default: '0,5,20' },
      pool: { type: 'string', default: '' },
      server: { type: 'string', default: 'gofakes3' },
    },
  });
  const count = positive(values.objects, '--objects');
  const latencies = values['latency-ms'].split(',').map((v) => nonNegative(v, '--latency-ms'));
  const server = await startServer(values.server);
  Object.assign(process.env, server.clientEnv);
  // Required after the environment is set: the S3 client reads it once.
  const { CreateBucketCommand } = require('@aws-sdk/client-s3');
  const { generate } = require(path.join(DIST, 'generator', 'generate'));
  const { s3Client } = require(path.join(DIST, 'storage', 's3-client'));
  const { uploadDir } = require(path.join(DIST, 'storage', 's3-upload'));
  const { readConcurrency } = require(path.join(DIST, 'ingest', 'source-files'));
  const input = 's3://bench/raw';
  const pool = values.pool ? positive(values.pool, '--pool') : readConcurrency(input);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sparkify-bench-s3-'));
  const rows = [];
  try {
    await generate({ out: work, songs: count, events: 100, seed: 1 });
    await s3Client().send(new CreateBucketCommand({ Bucket: 'bench' }));
    const started = Date.now();
    const uploaded = await uploadDir(path.join(work, 'song_data'), `${input}/song_data`, 64);
    log(`${server.name} on ${server.endpoint}: uploaded ${uploaded.files} objects, ${(uploaded.bytes / uploaded.files).toFixed(0)} bytes on average, in ${secs(started)} s`);
    log(`machine: ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)}; reader pool ${pool}`);
    for (const latency of latencies) {
      const proxy = latency > 0 ? await startLatencyProxy(server.endpoint, latency) : null;
      try {
        const endpoint = proxy ? proxy.endpoint : server.endpoint;
        const { concurrent, sequential } = await runPhase(input, count, pool, server.pid, { ...process.env, AWS_ENDPOINT_URL: endpoint });
        const ratio = sequential.seconds / concurrent.seconds;
        log(`latency ${latency} ms: concurrent ${concurrent.seconds.toFixed(2)} s (listing ${concurrent.listSeconds.toFixed(2)} s; ${cpuNote(concurrent)}), sequential ${sequential.seconds.toFixed(2)} s (${cpuNote(sequential)}) → ${ratio.toFixed(1)}x`);
        rows.push({ latency, concurrent, sequential, ratio });
      } finally {
        proxy?.child.kill();
      }
    }
    log('');
    log(`| latency per request | concurrent (pool ${pool}) | sequential | sequential / concurrent |`);
    log('|---:|---:|---:|---:|');
    for (const r of rows) log(`| ${r.latency} ms | ${r.concurrent.seconds.toFixed(2)} s | ${r.sequential.seconds.toFixed(2)} s | ${r.ratio.toFixed(1)}x |`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
    await server.stop();
  }
}

async function startServer(kind) {
  if (kind === 'gofakes3') {
    execFileSync('bash', [path.join(ROOT, 'scripts', 'setup-s3-server.sh')], { stdio: 'inherit' });
    const { startGofakes3Server, gofakes3ClientEnv } = require('../scripts/gofakes3-server.js');
    const s = await startGofakes3Server();
    return { ...s, name: 'gofakes3', clientEnv: gofakes3ClientEnv(s.endpoint) };
  }
  if (kind === 'moto') {
    const { startMotoServer, motoClientEnv } = require('../scripts/moto-server.js');
    const s = await startMotoServer();
    return { ...s, name: 'moto_server', clientEnv: motoClientEnv(s.endpoint) };
  }
  throw new Error(`--server must be gofakes3 or moto, not '${kind}'`);
}

function runPhase(input, count, pool, serverPid, env) {
  const child = spawn(process.execPath, [path.join(__dirname, 's3-read-phase.js'), input, String(count), String(pool), String(serverPid)], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`read phase exited with ${code}`))));
  });
}

function startLatencyProxy(target, delayMs) {
  const child = spawn(process.execPath, [path.join(__dirname, 'latency-proxy.js'), target, String(delayMs)], { stdio: ['ignore', 'pipe', 'inherit'] });
  process.once('exit', () => child.kill());
  return new Promise((resolve, reject) => {
    child.stdout.once('data', (d) => resolve({ endpoint: String(d).trim(), child }));
    child.once('exit', (code) => reject(new Error(`latency proxy exited (${code})`)));
  });
}

function positive(value, flag) {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} must be a positive integer, not '${value}'`);
  return n;
}
function nonNegative(value, flag) {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${flag} takes milliseconds >= 0, not '${value}'`);
  return n;
}

const log = (m) => process.stdout.write(`${m}\n`);
const cpuNote = (r) => `CPU: client ${r.clientCpu.toFixed(1)} s, server ${r.serverCpu.toFixed(1)} s`;
const secs = (t) => ((Date.now() - t) / 1000).toFixed(1);

main().catch((err) => {
  process.stderr.write(`bench:s3 failed: ${err.message ?? err}\n`);
  process.exit(1);
});
