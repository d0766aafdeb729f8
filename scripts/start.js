#!/usr/bin/env node
'use strict';
// `npm start`: the main job on the embedded default data — a small generated dataset (made once) to ./lake.
const fs = require('node:fs');
const path = require('node:path');
require('../bin/malloc-arenas').restartWithTwoMallocArenas(__filename);
const { main } = require('../dist/cli/main.js');

const root = path.resolve(__dirname, '..');
const input = path.join(root, 'data', 'generated', 'default');
const output = path.join(root, 'lake');

(async () => {
  // The marker is written last, so an interrupted generation is redone rather than half used.
  const marker = path.join(input, '.complete');
  if (!fs.existsSync(marker)) {
    fs.rmSync(input, { recursive: true, force: true });
    const code = await main(['generate', '--out', input, '--songs', '2000', '--events', '50000', '--seed', '42']);
    if (code !== 0) process.exit(code);
    fs.writeFileSync(marker, '');
  }
  process.exitCode = await main(['etl', '--input', input, '--output', output, ...process.argv.slice(2)]);
})();
