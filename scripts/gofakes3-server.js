'use strict';
// Starts gofakes3 (built by scripts/setup-s3-server.sh) with its in-memory backend: a local S3 server fast
// enough that a benchmark measures the client rather than the server's own ceiling.
const fs = require('node:fs');
const path = require('node:path');
const { startLocalServer, localClientEnv } = require('./local-server.js');

const GOFAKES3 = path.join(path.resolve(__dirname, '..'), '.tools', 'bin', 'gofakes3');

/** Returns { endpoint, port, pid, stop() }; throws, with the server's output, when it cannot start. */
async function startGofakes3Server({ timeoutMs = 30000 } = {}) {
  if (!fs.existsSync(GOFAKES3)) throw new Error(`no ${GOFAKES3}: run scripts/setup-s3-server.sh first`);
  return startLocalServer({
    name: 'gofakes3',
    command: GOFAKES3,
    argsFor: (port) => ['-backend', 'memory', '-host', `127.0.0.1:${port}`, '-quiet'],
    timeoutMs,
  });
}

module.exports = { startGofakes3Server, gofakes3ClientEnv: localClientEnv };
