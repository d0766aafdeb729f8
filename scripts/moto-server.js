'use strict';
// Starts moto_server from the worktree's .venv: the local S3 and EMR stand-in of the tests (the only way the
// project starts it). Plain CommonJS so both vitest and bench/ use it.
const fs = require('node:fs');
const path = require('node:path');
const { startLocalServer, localClientEnv } = require('./local-server.js');

const MOTO = path.join(path.resolve(__dirname, '..'), '.venv', 'bin', 'moto_server');

/**
 * Starts a moto_server; `env` is added to its environment (e.g. INITIAL_NO_AUTH_ACTION_COUNT to enforce IAM).
 * Returns { endpoint, port, pid, stop() }. Throws, with the server's output, when it cannot start.
 */
async function startMotoServer({ env = {}, timeoutMs = 30000, detached = false } = {}) {
  if (!fs.existsSync(MOTO)) throw new Error(`no ${MOTO}: run npm run setup:python first`);
  return startLocalServer({
    name: 'moto_server',
    command: MOTO,
    argsFor: (port) => ['-H', '127.0.0.1', '-p', String(port)],
    readyPath: '/moto-api/data.json',
    env,
    timeoutMs,
    detached,
  });
}

module.exports = { startMotoServer, motoClientEnv: localClientEnv };
