import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { REPO } from './helpers';

/** A moto_server (S3, EMR, IAM over HTTP) from the worktree's .venv, on 127.0.0.1 only, owned by one test file. */
export interface MotoServer {
  endpoint: string;
  /** The AWS settings a client of this server needs: dummy keys, a region, the endpoint. Never real ones. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

const MOTO = path.join(REPO, '.venv', 'bin', 'moto_server');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Starts moto_server and waits until it answers; fails loudly (with its log) when it cannot. */
export async function startMoto(extraEnv: Record<string, string> = {}): Promise<MotoServer> {
  if (!fs.existsSync(MOTO)) throw new Error(`no ${MOTO}: run npm run setup:python first`);
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  let log = '';
  const child: ChildProcess = spawn(MOTO, ['-H', '127.0.0.1', '-p', String(port)], {
    env: { ...process.env, ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (log += d));
  child.stderr!.on('data', (d) => (log += d));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`moto_server exited with ${child.exitCode}:\n${log}`);
    try {
      const response = await fetch(`${endpoint}/moto-api/`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill();
      throw new Error(`moto_server did not answer on ${endpoint} within 30 s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    endpoint,
    env: {
      AWS_ACCESS_KEY_ID: 'testing-dummy-key',
      AWS_SECRET_ACCESS_KEY: 'testing-dummy-secret',
      AWS_REGION: 'us-east-1',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_ENDPOINT_URL: endpoint,
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Points this test process's AWS clients at the server (the kit reads only the default chain). */
export function useMotoEnv(moto: MotoServer): void {
  for (const key of ['AWS_PROFILE', 'AWS_SESSION_TOKEN', 'AWS_ENDPOINT_URL_S3', 'AWS_ENDPOINT_URL_EMR']) delete process.env[key];
  Object.assign(process.env, moto.env);
}
