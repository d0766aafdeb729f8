import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { createAwsClients, type AwsClients } from '../src/engines/emr/submission';
import { REPO } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startMotoServer, motoClientEnv } = require('../scripts/moto-server.js') as {
  startMotoServer(options?: { env?: Record<string, string> }): Promise<{ endpoint: string; stop(): Promise<void> }>;
  motoClientEnv(endpoint: string): Record<string, string>;
};

/** A moto_server (S3, EMR, IAM over HTTP) from .venv, on 127.0.0.1 only, owned by one test file. */
export interface MotoServer {
  endpoint: string;
  /** The AWS settings a client of this server needs: dummy keys, a region, the endpoint. Never real ones. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

/** Starts moto_server (scripts/moto-server.js, shared with the S3 tests and benchmark) and waits until it answers. */
export async function startMoto(extraEnv: Record<string, string> = {}): Promise<MotoServer> {
  const server = await startMotoServer({ env: extraEnv });
  return { endpoint: server.endpoint, env: motoClientEnv(server.endpoint), stop: server.stop };
}

/** Points this test process's AWS clients at the server (the kit reads only the default chain). */
export function useMotoEnv(moto: MotoServer): void {
  for (const key of ['AWS_PROFILE', 'AWS_SESSION_TOKEN', 'AWS_ENDPOINT_URL_S3', 'AWS_ENDPOINT_URL_EMR']) delete process.env[key];
  Object.assign(process.env, moto.env);
}

/**
 * A test file's moto: started, this process's AWS settings pointed at it, and the buckets created. The caller
 * stops it (afterAll) and may upload more.
 */
export async function startMotoWithBuckets(buckets: string[]): Promise<{ moto: MotoServer; clients: AwsClients }> {
  const moto = await startMoto();
  useMotoEnv(moto);
  const clients = createAwsClients();
  for (const bucket of buckets) await clients.s3.send(new CreateBucketCommand({ Bucket: bucket }));
  return { moto, clients };
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startLocalServer } = require('../scripts/local-server.js') as {
  startLocalServer(options: { name: string; command: string; argsFor(port: number): string[]; readyPath: string; env: Record<string, string> }): Promise<{ endpoint: string; stop(): Promise<void> }>;
};

/**
 * moto_server whose EMR Serverless job runs follow the JSON script in `scriptFile` (test/moto-job-runs.py says
 * how): the test moves a job run through its states and gives it the utilization AWS would report.
 */
export async function startMotoWithJobScript(scriptFile: string): Promise<MotoServer> {
  const server = await startLocalServer({
    name: 'moto_server-job-script',
    command: `${REPO}/.venv/bin/python`,
    argsFor: (port) => [`${REPO}/test/moto-job-runs.py`, '-H', '127.0.0.1', '-p', String(port)],
    readyPath: '/moto-api/data.json',
    env: { SPARKIFY_MOTO_JOB_SCRIPT: scriptFile },
  });
  return { endpoint: server.endpoint, env: motoClientEnv(server.endpoint), stop: server.stop };
}
