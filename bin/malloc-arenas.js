'use strict';
// Polars works from many threads, and glibc's malloc gives threads their own arenas (up to eight per core), each
// keeping the memory freed into it: a 10M-event run peaked at 1.85 GB of RSS with glibc's default and at 1.63 GB
// with two arenas, and was no slower (1M events: the same time). glibc reads the setting only when a process
// starts, so the CLI replaces itself, once, with the same command and the setting (execve: the same process, so
// a signal or a kill meant for it still reaches it). A setting the user made is left alone.

const SETTING = 'glibc.malloc.arena_max=2';

/** Replaces this process with `script` run again with two malloc arenas; returns only when nothing needs doing. */
function restartWithTwoMallocArenas(script) {
  const tunables = process.env.GLIBC_TUNABLES ?? '';
  // process.execve is in Node 22.15 and later; without it (or without glibc) the CLI runs as it is.
  if (tunables.includes('glibc.malloc.arena_max') || typeof process.execve !== 'function' || !runsOnGlibc()) return;
  const env = { ...process.env, GLIBC_TUNABLES: tunables ? `${tunables}:${SETTING}` : SETTING };
  process.execve(process.execPath, [process.execPath, ...process.execArgv, script, ...process.argv.slice(2)], env);
}

function runsOnGlibc() {
  return process.platform === 'linux' && Boolean(process.report?.getReport().header.glibcVersionRuntime);
}

module.exports = { restartWithTwoMallocArenas };
