#!/usr/bin/env node
'use strict';
// JupyterLab on the notebooks, its kernels in the environment of the headless regression (scripts/notebook-env.js):
// a local S3/EMR stand-in (moto_server from .venv) for as long as Lab runs, its endpoint, dummy keys and region
// (us-east-1), none of your AWS profile or session. A notebook run in Lab then writes the outputs that
// `npm run notebooks` expects, so Lab's autosave into the tracked .ipynb leaves the regression green.
// Started by scripts/lab.sh (which checks .venv and builds dist/). Arguments go to `jupyter lab`, except:
//   --own-aws   keep your AWS environment (real S3 and EMR with your credentials): notebooks 4 and 6 then show
//               other outputs than the committed ones; restore them before committing (git checkout -- notebooks/)
const { spawn } = require('node:child_process');
const path = require('node:path');
const { startNotebookEnv, withEnv } = require('./notebook-env.js');

const ROOT = path.resolve(__dirname, '..');

async function main(argv) {
  const ownAws = argv.includes('--own-aws');
  const labArgs = argv.filter((a) => a !== '--own-aws');
  // Saving keeps the committed chart images unless a chart changed (python/keep_chart_images.py says why).
  let env = { ...process.env, PYTHONPATH: [path.join(ROOT, 'python'), process.env.PYTHONPATH].filter(Boolean).join(path.delimiter) };
  let stop = async () => {};
  if (ownAws) {
    process.stderr.write('lab: --own-aws: kernels get your AWS environment; outputs of notebooks 4 and 6 will differ from the committed ones (git checkout -- notebooks/ before committing)\n');
  } else {
    const local = await startNotebookEnv({ detached: true });
    env = withEnv(env, local.env);
    stop = local.stop;
    process.stderr.write(`lab: local S3/EMR stand-in (moto) at ${local.endpoint}; kernels get the environment of npm run notebooks `
      + '(AWS_ENDPOINT_URL, dummy keys, AWS_REGION=us-east-1, TZ=UTC), so a Lab run writes the outputs the regression expects; '
      + 'to use your own AWS account instead: npm run lab -- --own-aws\n');
  }
  const rootFlag = process.getuid && process.getuid() === 0 ? ['--allow-root'] : [];
  const lab = spawn(path.join(ROOT, '.venv', 'bin', 'jupyter'), [
    'lab', '--ip', '127.0.0.1', '--notebook-dir', path.join(ROOT, 'notebooks'),
    '--ContentsManager.pre_save_hook=keep_chart_images.keep_chart_images', ...rootFlag, ...labArgs,
  ], { stdio: 'inherit', env });
  // Ctrl-C reaches Lab too (same process group): Lab asks before it quits, so this process waits for it.
  process.on('SIGINT', () => {});
  process.on('SIGTERM', () => lab.kill('SIGTERM'));
  process.on('SIGHUP', () => lab.kill('SIGHUP'));
  const code = await new Promise((resolve) => lab.on('close', (c, signal) => resolve(c ?? (signal ? 1 : 0))));
  await stop();
  return code;
}

main(process.argv.slice(2)).then((code) => process.exit(code), (err) => {
  process.stderr.write(`lab: ${err.message}\n`);
  process.exit(1);
});
