import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { REPO, tempDir } from './helpers';

/** A JupyterLab of the project's .venv on 127.0.0.1, with a fresh token and workspace, owned by one test file. */
export interface LabServer {
  /** e.g. http://127.0.0.1:8888 */
  base: string;
  token: string;
  stop(): Promise<void>;
}

/** Starts JupyterLab on `notebookDir` (its kernels get `env`, by default this process's) and waits until it says
 *  where it listens; fails with its log after 90 s. */
export async function startJupyterLab(notebookDir: string, env: NodeJS.ProcessEnv = process.env): Promise<LabServer> {
  const token = `test${process.pid}${Date.now()}`;
  const lab = spawn(
    path.join(REPO, '.venv', 'bin', 'jupyter'),
    ['lab', '--no-browser', '--ip', '127.0.0.1', '--port', '0', `--IdentityProvider.token=${token}`, '--notebook-dir', notebookDir,
      `--LabApp.workspaces_dir=${tempDir('sparkify-lab-workspaces-')}`, ...(process.getuid?.() === 0 ? ['--allow-root'] : [])],
    { stdio: ['ignore', 'ignore', 'pipe'], env },
  );
  let log = '';
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`JupyterLab did not start in 90 s:\n${log}`)), 90_000);
    lab.stderr!.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+)\/lab/.exec(log);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    lab.on('exit', (code) => reject(new Error(`JupyterLab exited (${code}):\n${log}`)));
  });
  const stop = async () => {
    if (lab.exitCode !== null) return;
    const exited = new Promise((resolve) => lab.once('exit', resolve));
    lab.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
  };
  return { base, token, stop };
}
