'use strict';
// Benchmark (not a test): list and read N small song objects (~250 bytes each, the shape of the real song
// metadata) from a local S3-compatible server, with the concurrent reader and one at a time.
//   npm run bench:s3 [-- --objects 15000 --pools 16,64,128 --latency-ms 20]
// --latency-ms puts a proxy in front of the server that delays each request, as a real S3's latency would.
// Needs a built dist/ (npm run build) and .venv (npm run setup:python). Starts and stops its own moto_server.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { parseArgs } = require('node:util');
const { spawn } = require('node:child_process');
const { startMotoServer, motoClientEnv } = require('../scripts/moto-server.js');

const DIST = path.join(__dirname, '..', 'dist');

async function main() {
  const { values } = parseArgs({ options: { objects: { type: 'string', default: '15000' }, pools: { type: 'string', default: '' }, 'latency-ms': { type: 'string', default: '0' } } });
  const count = Number(values.objects);
  const moto = await startMotoServer();
  const latency = Number(values['latency-ms']);
  const proxy = latency > 0 ? await startLatencyProxy(moto.endpoint, latency) : null;
  Object.assign(process.env, motoClientEnv(proxy ? proxy.endpoint : moto.endpoint));
  if (proxy) log(`every request delayed ${latency} ms by a proxy (${proxy.endpoint} -> ${moto.endpoint})`);
  // Required after the environment is set: the S3 client reads it once.
  const { CreateBucketCommand } = require('@aws-sdk/client-s3');
  const { generate } = require(path.join(DIST, 'generator', 'generate'));
  const { s3Client } = require(path.join(DIST, 'io', 's3', 's3-client'));
  const { uploadDir } = require(path.join(DIST, 'io', 's3', 's3-upload'));
  const { listS3SourceFiles } = require(path.join(DIST, 'io', 's3', 's3-source-files'));
  const { readConcurrency } = require(path.join(DIST, 'io', 'list-source-files'));
  const { mapPool } = require(path.join(DIST, 'io', 'pool'));
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sparkify-bench-s3-'));
  try {
    const input = 's3://bench/raw';
    await generate({ out: work, songs: count, events: 100, seed: 1 });
    await s3Client().send(new CreateBucketCommand({ Bucket: 'bench' }));
    let started = Date.now();
    const uploaded = await uploadDir(path.join(work, 'song_data'), `${input}/song_data`, 64);
    log(`uploaded ${uploaded.files} objects, ${(uploaded.bytes / uploaded.files).toFixed(0)} bytes on average, in ${secs(started)} s`);

    const listAndRead = async (pool) => {
      const cpu0 = process.cpuUsage();
      const server0 = cpuSeconds(moto.pid);
      const t0 = Date.now();
      const files = await listS3SourceFiles(input, 'song_data');
      const listed = Date.now() - t0;
      let bytes = 0;
      if (pool === 1) for (const f of files) bytes += (await f.read()).length;
      else await mapPool(files, pool, (f) => f.read(), (_f, b) => (bytes += b.length));
      if (files.length !== count) throw new Error(`listed ${files.length} objects, expected ${count}`);
      const cpu = process.cpuUsage(cpu0);
      const clientCpu = (cpu.user + cpu.system) / 1e6;
      return { seconds: (Date.now() - t0) / 1000, listSeconds: listed / 1000, bytes, clientCpu, serverCpu: cpuSeconds(moto.pid) - server0 };
    };

    const defaultPool = readConcurrency(input);
    await listAndRead(defaultPool); // warm-up: connections, moto's caches
    const concurrent = await listAndRead(defaultPool);
    log(`concurrent (pool ${defaultPool}): ${concurrent.seconds.toFixed(2)} s (listing ${concurrent.listSeconds.toFixed(2)} s), ${count} objects, ${concurrent.bytes} bytes${cpuNote(concurrent)}`);
    const extra = values.pools ? values.pools.split(',').map(Number) : [];
    for (const pool of extra) {
      const r = await listAndRead(pool);
      log(`concurrent (pool ${pool}): ${r.seconds.toFixed(2)} s${cpuNote(r)}`);
    }
    const sequential = await listAndRead(1);
    log(`sequential (one at a time): ${sequential.seconds.toFixed(2)} s (listing ${sequential.listSeconds.toFixed(2)} s)${cpuNote(sequential)}`);
    log(`ratio sequential / concurrent: ${(sequential.seconds / concurrent.seconds).toFixed(1)}x`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
    proxy?.child.kill();
    await moto.stop();
  }
}

function startLatencyProxy(target, delayMs) {
  const child = spawn(process.execPath, [path.join(__dirname, 'latency-proxy.js'), target, String(delayMs)], { stdio: ['ignore', 'pipe', 'inherit'] });
  process.once('exit', () => child.kill());
  return new Promise((resolve, reject) => {
    child.stdout.once('data', (d) => resolve({ endpoint: String(d).trim(), child }));
    child.once('exit', (code) => reject(new Error(`latency proxy exited (${code})`)));
  });
}

const log = (m) => process.stdout.write(`${m}\n`);
// CPU used by the client (this process) and by the server: when the server's CPU time is close to the wall
// time, the server is the bottleneck and no client-side concurrency can go faster.
const cpuNote = (r) => `; CPU: client ${r.clientCpu.toFixed(1)} s, server ${r.serverCpu.toFixed(1)} s`;
function cpuSeconds(pid) {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks of 1/100 s
}
const secs = (t) => ((Date.now() - t) / 1000).toFixed(1);

main().catch((err) => {
  process.stderr.write(`bench:s3 failed: ${err.stack ?? err}\n`);
  process.exit(1);
});
