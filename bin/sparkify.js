#!/usr/bin/env node
'use strict';
// The CLI is compiled to dist/ by `npm install` (prepare) and `npm run build`.
require('./malloc-arenas').restartWithTwoMallocArenas(__filename);

let main;
try {
  ({ main } = require('../dist/cli/main.js'));
} catch (err) {
  // A table folder (src/tables/<name>/) that does not hold together is found while the kit loads: one line, exit 2.
  if (err?.name !== 'TableDeclarationError') throw err;
  process.stderr.write(`sparkify: ${err.message}\n`);
  process.exit(2);
}
main().then((code) => {
  process.exitCode = code;
});
