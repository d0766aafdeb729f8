'use strict';
// A stand-in for the CLI in malloc-arenas.test.ts: relaunched as the CLI is, it reports what it was started with.
const { relaunchWithTwoMallocArenas } = require('../bin/malloc-arenas');

if (!relaunchWithTwoMallocArenas(__filename)) {
  const [mode, ...args] = process.argv.slice(2);
  if (mode === 'wait') setTimeout(() => {}, 60_000);
  else {
    console.log(JSON.stringify({ pid: process.pid, parent: process.ppid, tunables: process.env.GLIBC_TUNABLES ?? null, args }));
    process.exitCode = 3;
  }
}
