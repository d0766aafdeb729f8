#!/usr/bin/env node
'use strict';
// The CLI is compiled to dist/ by `npm install` (prepare) and `npm run build`.
require('./malloc-arenas').restartWithTwoMallocArenas(__filename);

const { main } = require('../dist/cli/main.js');
main().then((code) => {
  process.exitCode = code;
});
