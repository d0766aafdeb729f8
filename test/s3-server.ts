import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { s3Client } from '../src/storage/s3-client';
import { REPO } from './helpers';

import { startMoto } from './moto-server';

export interface S3Server {
  endpoint: string;
  /** The environment a child process (the CLI) needs to reach this server. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

/**
 * Starts a real S3-compatible server (moto_server from .venv) on 127.0.0.1 and points this test process at it:
 * endpoint and dummy keys go into this process's environment only. Fails loudly when moto cannot start.
 */
export async function startS3Server(): Promise<S3Server> {
  const server = await startMoto();
  Object.assign(process.env, server.env);
  return server;
}

export async function createBucket(name: string): Promise<void> {
  await s3Client().send(new CreateBucketCommand({ Bucket: name }));
}

/**
 * A second server that enforces IAM after its first three requests, and the keys of a user with no rights
 * there (made by those requests, with boto3 from .venv): every S3 call with them is AccessDenied.
 */
export async function startLockedS3Server(bucket: string): Promise<S3Server> {
  const server = await startMoto({ INITIAL_NO_AUTH_ACTION_COUNT: '3' });
  const script = `
import boto3, json, sys
kw = dict(endpoint_url=sys.argv[1], region_name='us-east-1', aws_access_key_id='testing', aws_secret_access_key='testing')
boto3.client('s3', **kw).create_bucket(Bucket=sys.argv[2])
iam = boto3.client('iam', **kw)
iam.create_user(UserName='no-rights')
key = iam.create_access_key(UserName='no-rights')['AccessKey']
print(json.dumps([key['AccessKeyId'], key['SecretAccessKey']]))
`;
  try {
    const [id, secret] = JSON.parse(
      execFileSync(path.join(REPO, '.venv', 'bin', 'python'), ['-c', script, server.endpoint, bucket], { encoding: 'utf8' }),
    ) as [string, string];
    return { endpoint: server.endpoint, env: { ...server.env, AWS_ACCESS_KEY_ID: id, AWS_SECRET_ACCESS_KEY: secret }, stop: server.stop };
  } catch (err) {
    await server.stop();
    throw err;
  }
}
