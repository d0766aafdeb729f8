#!/usr/bin/env node
// Executes notebooks/*.ipynb headless (nbclient, tslab kernel) and compares their `check` cells with the
// committed outputs. `npm run notebooks` builds dist/ first; see src/notebooks/runner/run-notebooks.ts.
require('../dist/notebooks/runner/run-notebooks')
  .main(process.argv.slice(2))
  .then((code) => process.exit(code), (err) => { console.error(err); process.exit(1); });
