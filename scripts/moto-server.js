'use strict';
// Starts moto_server from the worktree's .venv on a free 127.0.0.1 port and waits until it answers: the local
// S3 and EMR stand-in of the tests and the S3 benchmark (the only way the project starts it). Plain CommonJS so
// both vitest and bench/ use it.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const MOTO = path.join(ROOT, '.venv', 'bin', 'moto_server');

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function answers(endpoint) {
  try {
    const response = await fetch(`${endpoint}/moto-api/data.json`, { signal: AbortSignal.timeout(2000) });
    return response.ok;
  } catch {
    return false;
  }
}

/**
 * Starts a moto_server; `env` is added to its environment (e.g. INITIAL_NO_AUTH_ACTION_COUNT to enforce IAM).
 * Returns { endpoint, stop() }. Throws, with the server's output, when it cannot start.
 */
async function startMotoServer({ env = {}, timeoutMs = 30000 } = {}) {
  if (!fs.existsSync(MOTO)) throw new Error(`no ${MOTO}: run npm run setup:python first`);
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child = spawn(MOTO, ['-H', '127.0.0.1', '-p', String(port)], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output = (output + d).slice(-4000)));
  child.stderr.on('data', (d) => (output = (output + d).slice(-4000)));
  let exited = null;
  child.on('exit', (code, signal) => (exited = signal ?? code));
  // Never outlive the process that started it, even when that one fails or forgets to stop it.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.removeListener('exit', killOnExit));
  const deadline = Date.now() + timeoutMs;
  while (!(await answers(endpoint))) {
    if (exited !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`moto_server did not start on ${endpoint} (${exited !== null ? `exited: ${exited}` : 'timed out'}):\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const stop = () =>
    new Promise((resolve) => {
      if (exited !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 3000).unref();
    });
  return { endpoint, port, pid: child.pid, stop };
}

/** The environment a client of that server needs: endpoint, region and dummy keys (never real ones). */
function motoClientEnv(endpoint) {
  return {
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
  };
}

module.exports = { startMotoServer, motoClientEnv };
