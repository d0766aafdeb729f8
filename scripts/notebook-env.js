'use strict';
// The environment the notebooks' kernel runs in: the same in JupyterLab (scripts/lab.js) and in the headless
// regression (npm run notebooks, src/notebooks/runner/run-notebooks.ts), so a Lab run that changed nothing writes
// the outputs the regression expects. A moto_server from .venv stands in for S3 and EMR for as long as either runs;
// the kernel gets its endpoint, dummy keys and region (AWS_REGION=us-east-1: the `--region us-east-1` of notebook
// 6's AWS CLI lines), none of the caller's AWS profile, session or service endpoints, and no notebook overrides.
// Plain CommonJS next to dist/, required by path from the runner.
const { startMotoServer, motoClientEnv } = require('./moto-server.js');

/** Removed from the kernel's environment (a key set to undefined is removed, see withEnv). */
const UNSET = [
  'AWS_PROFILE', 'AWS_SESSION_TOKEN', 'AWS_ENDPOINT_URL_S3', 'AWS_ENDPOINT_URL_EMR',
  'SPARKIFY_NB_S3_LAKE', 'SPARKIFY_NB_INPUT', 'SPARKIFY_NB_GENERATE', 'SPARKIFY_NB_ENGINE',
];

/** The kernel's environment on top of the caller's, for a local S3/EMR stand-in at `endpoint`. */
function notebookEnv(endpoint) {
  return {
    ...Object.fromEntries(UNSET.map((k) => [k, undefined])),
    ...motoClientEnv(endpoint),
    TZ: 'UTC',
  };
}

/** `base` with `env` on top; a key set to undefined in `env` is removed. */
function withEnv(base, env) {
  const merged = { ...base, ...env };
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete merged[key];
  return merged;
}

/** Starts the stand-in; returns { endpoint, env (for withEnv), stop() }. `detached`: see startLocalServer. */
async function startNotebookEnv({ detached = false } = {}) {
  const server = await startMotoServer({ detached });
  return { endpoint: server.endpoint, env: notebookEnv(server.endpoint), stop: server.stop };
}

module.exports = { startNotebookEnv, notebookEnv, withEnv, UNSET };
