// The cost of a run's commit phase on S3 (moto_server from .venv): the commit lock, five Delta commits (each a
// snapshot read + a conditional PUT), the run manifest, retention, and the lock release, as `sparkify etl` logs it
// ("committed … in X s"). Usage: node bench/delta-commit-latency.js [runs]   (after npm run build, setup:python)
const { spawn } = require('node:child_process');

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
const path = require('node:path');
const { startMotoServer, motoClientEnv } = require('../scripts/moto-server.js');

async function main() {
  const runs = Number(process.argv[2] ?? 4);
  const server = await startMotoServer();
  try {
    const env = { ...process.env, ...motoClientEnv(server.endpoint) };
    Object.assign(process.env, env);
    const { S3Client, CreateBucketCommand } = require('@aws-sdk/client-s3');
    await new S3Client({}).send(new CreateBucketCommand({ Bucket: 'lake' }));
    const cli = path.join(__dirname, '..', 'bin', 'sparkify.js');
    const input = path.join(__dirname, '..', 'data', 'sample');
    const seconds = [];
    for (let i = 0; i < runs; i++) {
      const run = await runCli([cli, 'etl', '--input', input, '--output', 's3://lake/latency'], env);
      const m = /committed (.*) in ([\d.]+) s/.exec(run.stderr);
      if (run.status !== 0 || !m) throw new Error(run.stderr);
      seconds.push(Number(m[2]));
      console.log(`run ${i + 1}: ${m[1]} in ${m[2]} s`);
    }
    const sorted = [...seconds].sort((a, b) => a - b);
    console.log(`commit phase on moto S3: median ${sorted[Math.floor(sorted.length / 2)].toFixed(2)} s, min ${sorted[0].toFixed(2)} s, max ${sorted.at(-1).toFixed(2)} s over ${runs} runs`);
  } finally {
    await server.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
