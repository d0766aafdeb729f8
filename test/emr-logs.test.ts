import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunJobFlowCommand, ListStepsCommand } from '@aws-sdk/client-emr';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { createAwsClients, type AwsClients } from '../src/engines/emr/submission';
import { cli } from './helpers';
import { oneLineError } from './emr-fixtures';
import { startMoto, useMotoEnv, type MotoServer } from './moto-server';

const LOG_BUCKET = 'sparkify-logs';

let moto: MotoServer;
let clients: AwsClients;
let clusterId: string;
let stepId: string;

/** A Spark client's stderr as EMR keeps it: many lines, the failure at the end. */
const stderrLines = [
  ...Array.from({ length: 120 }, (_, i) => `26/11/25 12:00:${String(i % 60).padStart(2, '0')} INFO Client: Application report for application_1_0001 (state: RUNNING) #${i}`),
  'Exception in thread "main" org.apache.spark.SparkException: Application application_1_0001 finished with failed status',
  '\tat org.apache.spark.deploy.yarn.Client.run(Client.scala:1321)',
];

beforeAll(async () => {
  moto = await startMoto();
  useMotoEnv(moto);
  clients = createAwsClients();
  await clients.s3.send(new CreateBucketCommand({ Bucket: LOG_BUCKET }));
  const out = await clients.emr.send(
    new RunJobFlowCommand({
      Name: 'logs-cluster',
      ReleaseLabel: 'emr-7.13.0',
      LogUri: `s3n://${LOG_BUCKET}/emr/`,
      Instances: { InstanceCount: 1, MasterInstanceType: 'm5.xlarge', KeepJobFlowAliveWhenNoSteps: true },
      Steps: [{ Name: 'failing', ActionOnFailure: 'CONTINUE', HadoopJarStep: { Jar: 'command-runner.jar', Args: ['spark-submit', 'x.py'] } }],
    }),
  );
  clusterId = out.JobFlowId!;
  stepId = (await clients.emr.send(new ListStepsCommand({ ClusterId: clusterId }))).Steps![0].Id!;
}, 60_000);

afterAll(async () => {
  await moto?.stop();
});

describe('sparkify emr logs', { timeout: 60_000 }, () => {
  it('prints the end of the step stderr from the cluster log URI, gunzipped', async () => {
    await clients.s3.send(
      new PutObjectCommand({ Bucket: LOG_BUCKET, Key: `emr/${clusterId}/steps/${stepId}/stderr.gz`, Body: gzipSync(stderrLines.join('\n') + '\n') }),
    );
    const result = cli(['emr', 'logs', '--cluster-id', clusterId, '--step-id', stepId], { env: moto.env });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(stderrLines.slice(-40).join('\n') + '\n');
    expect(result.stderr).toBe(`s3://${LOG_BUCKET}/emr/${clusterId}/steps/${stepId}/stderr.gz: last 40 of ${stderrLines.length} lines\n`);

    const short = cli(['emr', 'logs', '--cluster-id', clusterId, '--step-id', stepId, '--lines', '2'], { env: moto.env });
    expect(short.stdout).toBe(stderrLines.slice(-2).join('\n') + '\n');
  });

  it('reads from --log-uri when the logs are elsewhere', async () => {
    await clients.s3.send(new PutObjectCommand({ Bucket: LOG_BUCKET, Key: `moved/${clusterId}/steps/${stepId}/stderr.gz`, Body: gzipSync('only line\n') }));
    const result = cli(['emr', 'logs', '--cluster-id', clusterId, '--step-id', stepId, '--log-uri', `s3://${LOG_BUCKET}/moved`], { env: moto.env });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('only line\n');
  });

  it('a step whose logs are not there yet, or an unknown cluster, is a one-line error', () => {
    expect(oneLineError(cli(['emr', 'logs', '--cluster-id', clusterId, '--step-id', 's-NOTYETLOGGED'], { env: moto.env }))).toMatch(
      /has no step s-NOTYETLOGGED/,
    );
    expect(oneLineError(cli(['emr', 'logs', '--cluster-id', clusterId, '--step-id', stepId, '--log-uri', `s3://${LOG_BUCKET}/empty/`], { env: moto.env }))).toBe(
      `sparkify: no stderr for step ${stepId} at s3://${LOG_BUCKET}/empty/${clusterId}/steps/${stepId}/stderr.gz yet: EMR copies step logs there every few minutes and when the step ends; try again shortly`,
    );
    expect(oneLineError(cli(['emr', 'logs', '--cluster-id', 'j-NOSUCHCLUSTER', '--step-id', stepId], { env: moto.env }))).toMatch(/Cluster id 'j-NOSUCHCLUSTER' is not valid/);
    expect(oneLineError(cli(['emr', 'logs', '--step-id', stepId], { env: moto.env }))).toMatch(/missing --cluster-id/);
    expect(oneLineError(cli(['emr', 'tail', '--cluster-id', clusterId, '--step-id', stepId], { env: moto.env }))).toMatch(/sparkify emr needs one of: status, logs, publish \(got "tail"\)/);
  });
});
