'use strict';
// A stand-in for the CLI in malloc-arenas.test.ts: restarted as the CLI is, it reports what it runs with.
require('../bin/malloc-arenas').restartWithTwoMallocArenas(__filename);

console.log(JSON.stringify({ pid: process.pid, tunables: process.env.GLIBC_TUNABLES ?? null, args: process.argv.slice(2) }));
process.exitCode = 3;
