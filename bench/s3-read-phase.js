'use strict';
// One phase of the S3 small-object benchmark, in its own process so each phase gets a fresh S3 client pointed at
// its own endpoint: lists and reads every object under INPUT with the kit's concurrent reader (pool POOL) and
// one at a time, and prints one JSON line with the figures. Started by bench/s3-small-objects.js.
//   node bench/s3-read-phase.js INPUT EXPECTED_OBJECTS POOL SERVER_PID   (AWS_ENDPOINT_URL etc. in the env)
const fs = require('node:fs');
const path = require('node:path');

const DIST = path.join(__dirname, '..', 'dist');
const { listSourceFiles } = require(path.join(DIST, 'ingest', 'source-files'));
const { mapPool } = require(path.join(DIST, 'pool'));

const [input, expectedArg, poolArg, serverPidArg] = process.argv.slice(2);
const [expected, pool, serverPid] = [Number(expectedArg), Number(poolArg), Number(serverPidArg)];

async function listAndRead(concurrency) {
  const cpu0 = process.cpuUsage();
  const server0 = cpuSeconds(serverPid);
  const t0 = performance.now();
  const files = await listSourceFiles(input, 'song_data');
  const listSeconds = (performance.now() - t0) / 1000;
  let bytes = 0;
  if (concurrency === 1) for (const f of files) bytes += (await f.read()).length;
  else await mapPool(files, concurrency, (f) => f.read(), (_f, b) => (bytes += b.length));
  const seconds = (performance.now() - t0) / 1000;
  if (files.length !== expected) throw new Error(`listed ${files.length} objects, expected ${expected}`);
  const cpu = process.cpuUsage(cpu0);
  return { seconds, listSeconds, objects: files.length, bytes, clientCpu: (cpu.user + cpu.system) / 1e6, serverCpu: cpuSeconds(serverPid) - server0 };
}

// CPU seconds a process has used (utime + stime, in ticks of 1/100 s): when the server's CPU time is close to
// the wall time, the server is the bottleneck and no client-side concurrency can go faster.
function cpuSeconds(pid) {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function main() {
  await listAndRead(pool); // warm-up: connections, the server's caches, the JIT
  const concurrent = await listAndRead(pool);
  const sequential = await listAndRead(1);
  process.stdout.write(`${JSON.stringify({ pool, concurrent, sequential })}\n`);
}

main().catch((err) => {
  process.stderr.write(`${err.stack ?? err}\n`);
  process.exit(1);
});
