'use strict';
// Polars works from many threads, and glibc's malloc gives threads their own arenas (up to eight per core), each
// keeping the memory freed into it: a 10M-event run peaked at 1.85 GB of RSS with glibc's default and at 1.63 GB
// with two arenas, and was no slower (1M events: the same time). glibc reads the setting only when a process
// starts, so the CLI starts itself again, once, with it set; a setting the user made is left alone.
const { spawn } = require('node:child_process');

const SETTING = 'glibc.malloc.arena_max=2';
const FORWARDED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** Runs `script` again in a child process with two malloc arenas and returns true; false when nothing needs doing. */
function relaunchWithTwoMallocArenas(script) {
  const tunables = process.env.GLIBC_TUNABLES ?? '';
  if (tunables.includes('glibc.malloc.arena_max') || !runsOnGlibc()) return false;
  const env = { ...process.env, GLIBC_TUNABLES: tunables ? `${tunables}:${SETTING}` : SETTING };
  const child = spawn(process.execPath, [...process.execArgv, script, ...process.argv.slice(2)], { stdio: 'inherit', env });
  // A signal sent to this process (not only a terminal's, which reaches both) must stop the child too.
  const forward = (signal) => child.kill(signal);
  for (const signal of FORWARDED_SIGNALS) process.on(signal, forward);
  child.on('exit', (code, signal) => {
    for (const s of FORWARDED_SIGNALS) process.off(s, forward);
    if (signal) process.kill(process.pid, signal);
    else process.exitCode = code ?? 1;
  });
  return true;
}

function runsOnGlibc() {
  return process.platform === 'linux' && Boolean(process.report?.getReport().header.glibcVersionRuntime);
}

module.exports = { relaunchWithTwoMallocArenas };
