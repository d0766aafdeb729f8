import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../../project-root';
import { UserError } from '../../errors';

// nbclient runs the notebook on the tslab kernel found in .venv/share/jupyter/kernels (scripts/setup-python.sh).
// Inline rather than a .py file: the project's only Python file is the Spark step runner.
const EXECUTE_PY = `
import sys, nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
src, dest, cwd, timeout = sys.argv[1:5]
nb = nbformat.read(src, as_version=4)
client = NotebookClient(nb, kernel_name="tslab", timeout=int(timeout), resources={"metadata": {"path": cwd}}, record_timing=False)
try:
    client.execute()
except CellExecutionError as err:
    nbformat.write(nb, dest)
    print(str(err), file=sys.stderr)
    sys.exit(3)
nbformat.write(nb, dest)
`;

export const NOTEBOOKS_DIR = path.join(PROJECT_ROOT, 'notebooks');

export function venvPython(): string {
  const python = path.join(PROJECT_ROOT, '.venv', 'bin', 'python');
  const kernel = path.join(PROJECT_ROOT, '.venv', 'share', 'jupyter', 'kernels', 'tslab', 'kernel.json');
  if (!fs.existsSync(python) || !fs.existsSync(kernel)) {
    throw new UserError('no .venv with the tslab kernel: run `npm install && npm run setup:python` first');
  }
  return python;
}

export interface Execution {
  ok: boolean;
  /** The executed notebook (also written when a cell failed, up to that cell). */
  output: string;
  stderr: string;
  seconds: number;
}

/** The runner's environment with `env` on top; a key set to undefined in `env` is removed. */
function kernelEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const merged = { ...process.env, ...env };
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete merged[key];
  return merged;
}

/**
 * Executes a notebook top to bottom, headless, with the kernel working in notebooks/ (so `../dist` imports
 * resolve wherever the .ipynb file itself lives). `env` reaches the kernel: the parameter cell reads it.
 */
export function executeNotebook(file: string, output: string, env: NodeJS.ProcessEnv = {}, timeoutSeconds = 600): Promise<Execution> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(venvPython(), ['-c', EXECUTE_PY, file, output, NOTEBOOKS_DIR, String(timeoutSeconds)], {
      env: kernelEnv(env),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ ok: code === 0, output, stderr, seconds: (Date.now() - started) / 1000 }));
  });
}
