#!/usr/bin/env node
// Notebooks as offline reveal.js decks (and, with --to html, nbconvert pages with live charts), from their
// committed outputs. `npm run present` builds dist/ first; see src/present/main.ts.
require('../dist/present/main')
  .main(process.argv.slice(2))
  .then((code) => process.exit(code), (err) => { console.error(err); process.exit(1); });
