import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmrEngine } from '../src/engines/emr/emr-engine';
import { resolveEmrOptions } from '../src/engines/emr/emr-options';
import { silentProgress } from '../src/progress';
import { cli, REPO } from './helpers';
import { oneLineError, runnerForTests } from './emr-fixtures';
import { startMoto, useMotoEnv, type MotoServer } from './moto-server';

/**
 * Missing permissions, enforced by moto's IAM emulation: with INITIAL_NO_AUTH_ACTION_COUNT=N, moto lets the
 * first N actions through unchecked (our setup: two users, their inline policies and access keys), then
 * checks every request against the caller's IAM policies — for EMR and S3 alike.
 */
const SETUP_ACTIONS = 6;
const SETUP = `
import boto3, json, sys
iam = boto3.client("iam", endpoint_url=sys.argv[1], region_name="us-east-1", aws_access_key_id="setup", aws_secret_access_key="setup")
keys = {}
for user, action in [("s3-only", "s3:*"), ("emr-only", "elasticmapreduce:*")]:
    iam.create_user(UserName=user)
    iam.put_user_policy(UserName=user, PolicyName="only", PolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": action, "Resource": "*"}]}))
    key = iam.create_access_key(UserName=user)["AccessKey"]
    keys[user] = [key["AccessKeyId"], key["SecretAccessKey"]]
print(json.dumps(keys))
`;

let moto: MotoServer;
let keys: Record<string, [string, string]>;

function as(user: string): Record<string, string> {
  return { ...moto.env, AWS_ACCESS_KEY_ID: keys[user][0], AWS_SECRET_ACCESS_KEY: keys[user][1] };
}

beforeAll(async () => {
  moto = await startMoto({ INITIAL_NO_AUTH_ACTION_COUNT: String(SETUP_ACTIONS) });
  const setup = spawnSync(path.join(REPO, '.venv', 'bin', 'python'), ['-c', SETUP, moto.endpoint], { encoding: 'utf8' });
  if (setup.status !== 0) throw new Error(`IAM setup on moto failed: ${setup.stderr}`);
  keys = JSON.parse(setup.stdout);
  useMotoEnv(moto);
}, 60_000);

afterAll(async () => {
  await moto?.stop();
});

describe('missing permissions', { timeout: 60_000 }, () => {
  it('credentials without EMR permissions: a one-line access-denied error', () => {
    const line = oneLineError(cli(['emr', 'status', '--cluster-id', 'j-ANYCLUSTER', '--step-id', 's-ANYSTEP'], { env: as('s3-only') }));
    expect(line).toMatch(/^sparkify: EMR DescribeCluster j-ANYCLUSTER: access denied \(HTTP 403\)/);
  });

  it('credentials without S3 permissions: the upload, and reading logs, fail with a one-line access-denied error', async () => {
    Object.assign(process.env, as('emr-only'));
    const engine = new EmrEngine(resolveEmrOptions({ codePrefix: 's3://code-bucket/kit', wait: false }), undefined, runnerForTests());
    const error = await engine
      .build({ input: 's3://raw-bucket/data', locations: { songplays: 's3://lake-bucket/star/songplays' }, progress: silentProgress, runId: 'denied' })
      .then(() => null, (err: Error) => err);
    expect(error?.name).toBe('UserError');
    expect(error?.message).toMatch(/^S3 PutObject s3:\/\/code-bucket\/kit\/step_runner\.py: access denied \(AccessDenied: [^\n]+\); the credentials in use need the permissions/);

    const line = oneLineError(cli(['emr', 'logs', '--cluster-id', 'j-ANYCLUSTER', '--step-id', 's-ANYSTEP', '--log-uri', 's3://log-bucket/emr/'], { env: as('emr-only') }));
    expect(line).toMatch(/^sparkify: S3 GetObject s3:\/\/log-bucket\/emr\/j-ANYCLUSTER\/steps\/s-ANYSTEP\/stderr\.gz: access denied \(AccessDenied/);
  });

  it('unknown credentials: a one-line error', () => {
    const line = oneLineError(cli(['emr', 'status', '--cluster-id', 'j-ANYCLUSTER', '--step-id', 's-ANYSTEP'], { env: moto.env }));
    expect(line).toMatch(/^sparkify: EMR DescribeCluster j-ANYCLUSTER: access denied \(HTTP 403\); the credentials in use are not valid or lack/);
  });
});
