'use strict';
// Starts a local server process on a free 127.0.0.1 port and waits until it answers: shared by the S3 stand-ins
// (moto_server, gofakes3). Never outlives the process that started it. Plain CommonJS so vitest and bench/ use it.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

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

/** True when GET `url` answers 2xx within 2 s. */
async function answers(url) {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
    return response.ok;
  } catch {
    return false;
  }
}

/**
 * Spawns `command` with `argsFor(port)` and waits until `readyPath` on it answers.
 * Returns { endpoint, port, pid, stop() }; throws, with the server's last output, when it cannot start.
 */
// `detached`: the server in a process group of its own, so a Ctrl-C in the terminal reaches only the foreground
// program (JupyterLab asks before it quits), not the server; it still ends with the process that started it.
async function startLocalServer({ name, command, argsFor, readyPath = '/', env = {}, timeoutMs = 30000, detached = false }) {
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  // The server's output goes to a file, not a pipe: a test blocked in spawnSync (the CLI) does not drain a pipe,
  // and a server whose log pipe is full blocks on its next write, so the CLI waiting on it hangs for ever.
  const logPath = path.join(os.tmpdir(), `${name}-${process.pid}-${port}.log`);
  const logFd = fs.openSync(logPath, 'w');
  const child = spawn(command, argsFor(port), { env: { ...process.env, ...env }, stdio: ['ignore', logFd, logFd], detached });
  fs.closeSync(logFd);
  const output = () => fs.readFileSync(logPath, 'utf8').slice(-4000);
  let exited = null;
  child.on('error', (err) => (exited = err.message));
  child.on('exit', (code, signal) => (exited = signal ?? code));
  const removeLog = () => fs.rmSync(logPath, { force: true });
  const killOnExit = () => {
    child.kill('SIGKILL');
    removeLog();
  };
  process.once('exit', killOnExit);
  child.once('exit', () => process.removeListener('exit', killOnExit));
  const deadline = Date.now() + timeoutMs;
  while (!(await answers(`${endpoint}${readyPath}`))) {
    if (exited !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      const last = output();
      removeLog();
      throw new Error(`${name} did not start on ${endpoint} (${exited !== null ? `exited: ${exited}` : 'timed out'}):\n${last}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const stop = () =>
    new Promise((resolve) => {
      if (exited !== null) {
        removeLog();
        return resolve();
      }
      child.once('exit', () => {
        removeLog();
        resolve();
      });
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 3000).unref();
    });
  return { endpoint, port, pid: child.pid, stop };
}

/** The environment a client of a local stand-in needs: endpoint, region and dummy keys (never real ones). */
function localClientEnv(endpoint) {
  return {
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
  };
}

module.exports = { startLocalServer, localClientEnv, freePort };
