#!/usr/bin/env node
'use strict';
// The CLI is compiled to dist/ by `npm install` (prepare) and `npm run build`.
const { relaunchWithTwoMallocArenas } = require('./malloc-arenas');

if (!relaunchWithTwoMallocArenas(__filename)) {
  const { main } = require('../dist/cli/main.js');
  main().then((code) => {
    process.exitCode = code;
  });
}
