import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { createAwsClients, type AwsClients } from '../src/engines/emr/submission';

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
