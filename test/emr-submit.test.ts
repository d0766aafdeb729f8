import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DescribeClusterCommand, ListClustersCommand, ListStepsCommand, RunJobFlowCommand, TerminateJobFlowsCommand } from '@aws-sdk/client-emr';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { AwsClients } from '../src/engines/emr/submission';
import { EmrEngine } from '../src/engines/emr/emr-engine';
import { resolveEmrOptions, type EmrSettings } from '../src/engines/emr/emr-options';
import { renderModels } from '../src/models/models';
import { SPARK_DIALECT } from '../src/models/dialects/spark';
import { TABLES } from '../src/catalog/tables';
import type { Progress } from '../src/progress';
import { waitForStep } from '../src/engines/emr/monitoring';
import { cli, tempDir } from './helpers';
import { getObjectBytes, oneLineError, pyCompileErrors, runnerForTests } from './emr-fixtures';
import { startMotoWithBuckets, type MotoServer } from './moto-server';

const CODE_BUCKET = 'sparkify-code';
const CODE_PREFIX = `s3://${CODE_BUCKET}/kit`;
const INPUT = 's3://sparkify-raw/data';
const OUTPUT = 's3://sparkify-lake/star';

let moto: MotoServer;
let clients: AwsClients;
let runner: string;

beforeAll(async () => {
  ({ moto, clients } = await startMotoWithBuckets([CODE_BUCKET, 'sparkify-raw', 'sparkify-lake']));
  runner = runnerForTests();
}, 60_000);

afterAll(async () => {
  await moto?.stop();
});

/** Progress lines, kept for assertions. */
function recordingProgress(): Progress & { lines: string[] } {
  const lines: string[] = [];
  return { lines, log: (m) => lines.push(m), tick: () => {} };
}

function locationsFor(runId: string): Record<string, string> {
  return Object.fromEntries([...TABLES.map((t) => [t.name, `${OUTPUT}/${t.name}/${runId}`]), ['_quarantine', `${OUTPUT}/_quarantine/${runId}`]]);
}

function engine(settings: Partial<EmrSettings> = {}): EmrEngine {
  return new EmrEngine(resolveEmrOptions({ codePrefix: CODE_PREFIX, pollSeconds: 0.1, maxPollSeconds: 0.2, ...settings }), clients, runner);
}

const cliEnv = () => ({ ...moto.env, SPARKIFY_STEP_RUNNER: runner });

describe('--engine emr --dry-run', { timeout: 60_000 }, () => {
  it('prints the uploads and a RunJobFlow for a transient cluster that terminates itself, and sends nothing', async () => {
    const result = cli(['etl', '--engine', 'emr', '--input', INPUT, '--output', OUTPUT, '--code-prefix', CODE_PREFIX, '--dry-run', '--json', '--tag', 'team=data'], { env: cliEnv() });
    expect(result.code, result.stderr).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc.region).toBe('us-east-1');
    expect(doc.requests.map((r: any) => `${r.service} ${r.operation}`)).toEqual(['S3 PutObject', 'S3 PutObject', 'EMR RunJobFlow']);
    const [runnerPut, specPut, run] = doc.requests;
    expect(runnerPut.input).toMatchObject({ Bucket: CODE_BUCKET, Key: 'kit/step_runner.py', ContentLength: fs.statSync(runner).size });
    expect(specPut.input.Bucket).toBe(CODE_BUCKET);
    expect(specPut.input.ContentLength).toBe(Buffer.byteLength(JSON.stringify(doc.spec, null, 2) + '\n'));
    // The spec carries the models in Spark's dialect and every table's location under the output.
    expect(doc.spec.models).toEqual(JSON.parse(JSON.stringify(renderModels(SPARK_DIALECT))));
    expect(doc.spec.input).toBe(INPUT);
    for (const table of TABLES) expect(doc.spec.locations[table.name]).toMatch(new RegExp(`^${OUTPUT}/${table.name}/`));
    const specUri = `s3://${CODE_BUCKET}/${specPut.input.Key}`;
    expect(doc.spec.resultPath).toBe(specUri.replace(/spec\.json$/, 'result.json'));

    expect(run.input.Instances.KeepJobFlowAliveWhenNoSteps).toBe(false);
    expect(run.input.Instances.InstanceGroups.map((g: any) => [g.InstanceRole, g.InstanceType, g.InstanceCount])).toEqual([
      ['MASTER', 'm5.xlarge', 1],
      ['CORE', 'm5.xlarge', 2],
    ]);
    expect(run.input).toMatchObject({ ReleaseLabel: expect.stringMatching(/^emr-7\./), ServiceRole: 'EMR_DefaultRole', JobFlowRole: 'EMR_EC2_DefaultRole', LogUri: `${CODE_PREFIX}/logs/` });
    expect(run.input.Tags).toContainEqual({ Key: 'team', Value: 'data' });
    const [step] = run.input.Steps;
    expect(step.ActionOnFailure).toBe('TERMINATE_CLUSTER');
    expect(step.HadoopJarStep.Jar).toBe('command-runner.jar');
    const args: string[] = step.HadoopJarStep.Args;
    expect(args.slice(0, 3)).toEqual(['spark-submit', '--deploy-mode', 'cluster']);
    expect(args.slice(-3)).toEqual([`${CODE_PREFIX}/step_runner.py`, '--spec', specUri]);
    expect(doc.awsCli.at(-1)).toMatch(/^aws emr create-cluster[\s\S]*--auto-terminate/);

    // Nothing reached the server.
    expect((await clients.emr.send(new ListClustersCommand({}))).Clusters ?? []).toHaveLength(0);
    expect((await clients.s3.send(new ListObjectsV2Command({ Bucket: CODE_BUCKET }))).KeyCount ?? 0).toBe(0);
  });

  it('with --cluster-id prints an AddJobFlowSteps that leaves the cluster running on failure, and the aws emr add-steps command', () => {
    const result = cli(['etl', '--engine', 'emr', '--input', INPUT, '--output', OUTPUT, '--code-prefix', CODE_PREFIX, '--cluster-id', 'j-EXISTING1', '--dry-run'], { env: cliEnv() });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^# dry run: nothing was sent/);
    expect(result.stdout).toMatch(/# request 3: EMR AddJobFlowSteps/);
    expect(result.stdout).toMatch(/"JobFlowId": "j-EXISTING1"/);
    expect(result.stdout).toMatch(/"ActionOnFailure": "CONTINUE"/);
    expect(result.stdout).toMatch(/^aws emr add-steps \\\n  --cluster-id j-EXISTING1 \\\n  --steps '\[\{"Type":"CUSTOM_JAR"/m);
  });

  it('bad arguments are one-line errors', () => {
    const base = ['etl', '--engine', 'emr', '--input', INPUT, '--output', OUTPUT, '--dry-run'];
    expect(oneLineError(cli(base, { env: cliEnv() }))).toMatch(/--engine emr needs --code-prefix s3:\/\//);
    expect(oneLineError(cli([...base, '--code-prefix', '/tmp/code'], { env: cliEnv() }))).toMatch(/--code-prefix must be an s3:\/\/ location/);
    expect(oneLineError(cli(['etl', '--engine', 'emr', '--input', tempDir(), '--output', OUTPUT, '--code-prefix', CODE_PREFIX, '--dry-run'], { env: cliEnv() }))).toMatch(/give --input as s3:\/\//);
    expect(oneLineError(cli([...base, '--code-prefix', CODE_PREFIX, '--core-instance-count', '0'], { env: cliEnv() }))).toMatch(/--core-instance-count must be 1 or more/);
    expect(oneLineError(cli([...base, '--code-prefix', CODE_PREFIX, '--tag', 'oops'], { env: cliEnv() }))).toMatch(/--tag must be KEY=VALUE/);
    expect(oneLineError(cli(['etl', '--input', tempDir(), '--output', tempDir(), '--cluster-id', 'j-ABC'], { env: cliEnv() }))).toMatch(/--cluster-id applies only to --engine emr/);
  });
});

describe('--engine emr on a transient cluster', { timeout: 60_000 }, () => {
  it('uploads a runner that compiles and the spec, and starts a cluster that terminates when its one spark-submit step ends', async () => {
    const progress = recordingProgress();
    const result = await engine({ wait: false }).build({ input: INPUT, locations: locationsFor('run-a'), progress, runId: 'run-a' });
    const { clusterId, stepId } = result.pending!.ids;
    expect(result.tables).toEqual([]);
    expect(progress.lines.join('\n')).toMatch(new RegExp(`submitted step ${stepId} to new transient cluster ${clusterId}`));

    // The runner, downloaded back, is the file we have and compiles.
    const downloaded = path.join(tempDir(), 'step_runner.py');
    fs.writeFileSync(downloaded, await getObjectBytes(clients.s3, CODE_BUCKET, 'kit/step_runner.py'));
    expect(fs.readFileSync(downloaded)).toEqual(fs.readFileSync(runner));
    expect(pyCompileErrors(downloaded)).toBe('');
    const spec = JSON.parse((await getObjectBytes(clients.s3, CODE_BUCKET, 'kit/runs/run-a/spec.json')).toString('utf8'));
    expect(spec.locations).toEqual(locationsFor('run-a'));
    expect(spec.resultPath).toBe(`${CODE_PREFIX}/runs/run-a/result.json`);

    const { Cluster: cluster } = await clients.emr.send(new DescribeClusterCommand({ ClusterId: clusterId }));
    expect(cluster!.AutoTerminate).toBe(true);
    expect(cluster!.ReleaseLabel).toMatch(/^emr-7\./);
    expect(cluster!.Tags).toContainEqual({ Key: 'project', Value: 'sparkify' });
    const { Steps: steps } = await clients.emr.send(new ListStepsCommand({ ClusterId: clusterId }));
    expect(steps).toHaveLength(1);
    expect(steps![0].Id).toBe(stepId);
    expect(steps![0].ActionOnFailure).toBe('TERMINATE_CLUSTER');
    expect(steps![0].Config!.Jar).toBe('command-runner.jar');
    expect(steps![0].Config!.Args).toEqual([
      'spark-submit', '--deploy-mode', 'cluster', '--conf', 'spark.yarn.maxAppAttempts=1',
      `${CODE_PREFIX}/step_runner.py`, '--spec', `${CODE_PREFIX}/runs/run-a/spec.json`,
    ]);

    // `sparkify emr status` reads the same step back.
    const status = cli(['emr', 'status', '--cluster-id', clusterId, '--step-id', stepId], { env: moto.env });
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(new RegExp(`^step ${stepId} \\(sparkify-etl run-a\\): ${steps![0].Status!.State}$`, 'm'));
    expect(status.stdout).toMatch(new RegExp(`^cluster ${clusterId} \\(sparkify-etl-run-a\\): ${cluster!.Status!.State}`, 'm'));
    const json = JSON.parse(cli(['emr', 'status', '--cluster-id', clusterId, '--step-id', stepId, '--json'], { env: moto.env }).stdout);
    expect(json.step.Config.Args).toEqual(steps![0].Config!.Args);
  });

  it('waiting stops with a clear message when the cluster ends before its step', async () => {
    const progress = recordingProgress();
    const run = engine({ wait: true }).build({ input: INPUT, locations: locationsFor('run-b'), progress, runId: 'run-b' });
    const failure = run.then(() => null, (err: Error) => err);
    // Wait until the waiter reports the first state, then end the cluster under it.
    const deadline = Date.now() + 20_000;
    while (!progress.lines.some((l) => /step \w+, cluster \w+/.test(l)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const clusterId = /cluster (j-[A-Z0-9]+)/.exec(progress.lines.find((l) => l.startsWith('submitted'))!)![1];
    await clients.emr.send(new TerminateJobFlowsCommand({ JobFlowIds: [clusterId] }));
    const error = await failure;
    expect(error?.message).toMatch(new RegExp(`^cluster ${clusterId} ended .*while step s-[A-Z0-9]+ was RUNNING; nothing was published$`));
    // Each state the waiter saw is one line, with the time waited.
    const states = progress.lines.filter((l) => l.startsWith('EMR '));
    expect(states[0]).toMatch(/: step RUNNING, cluster (STARTING|BOOTSTRAPPING|RUNNING|WAITING) \(waited \d+s\)$/);
    expect(states.at(-1)).toMatch(/: step RUNNING, cluster TERMINATED.*\(waited \d+s\)$/);
    expect(new Set(states).size).toBe(states.length);
  }, 30_000);
});

describe('--engine emr on an existing cluster', { timeout: 60_000 }, () => {
  let clusterId: string;
  beforeAll(async () => {
    const out = await clients.emr.send(
      new RunJobFlowCommand({
        Name: 'shared-cluster',
        ReleaseLabel: 'emr-7.13.0',
        LogUri: `s3://${CODE_BUCKET}/shared-logs/`,
        ServiceRole: 'EMR_DefaultRole',
        JobFlowRole: 'EMR_EC2_DefaultRole',
        Instances: { MasterInstanceType: 'm5.xlarge', SlaveInstanceType: 'm5.xlarge', InstanceCount: 3, KeepJobFlowAliveWhenNoSteps: true },
      }),
    );
    clusterId = out.JobFlowId!;
  });

  it('adds the step with ActionOnFailure CONTINUE, and the wait reports its state until the timeout', async () => {
    const progress = recordingProgress();
    const error = await engine({ clusterId, wait: true, timeoutMinutes: 0.01 })
      .build({ input: INPUT, locations: locationsFor('run-c'), progress, runId: 'run-c' })
      .then(() => null, (err: Error) => err);
    const { Steps: steps } = await clients.emr.send(new ListStepsCommand({ ClusterId: clusterId }));
    expect(steps).toHaveLength(1);
    expect(steps![0].ActionOnFailure).toBe('CONTINUE');
    expect(steps![0].Config!.Args!.slice(-3)).toEqual([`${CODE_PREFIX}/step_runner.py`, '--spec', `${CODE_PREFIX}/runs/run-c/spec.json`]);
    const state = steps![0].Status!.State;
    expect(progress.lines).toContainEqual(expect.stringMatching(new RegExp(`^EMR ${steps![0].Id} on ${clusterId}: step ${state}, cluster \\w+ \\(waited \\d+s\\)$`)));
    expect(error?.message).toBe(
      `stopped waiting after 0.01 min; step ${steps![0].Id} is still ${state} on ${clusterId} and nothing was published; follow it with: sparkify emr status --cluster-id ${clusterId} --step-id ${steps![0].Id}; once it has completed: sparkify emr publish --output <output> --code-prefix ${CODE_PREFIX} --run-id run-c`,
    );
  }, 30_000);

  it('polls with backoff while nothing changes', async () => {
    const { Steps: steps } = await clients.emr.send(new ListStepsCommand({ ClusterId: clusterId }));
    const slept: number[] = [];
    let now = 0;
    const outcome = await waitForStep(clients.emr, clusterId, steps![0].Id!, {
      progress: recordingProgress(),
      pollSeconds: 2,
      maxPollSeconds: 10,
      timeoutMinutes: 1,
      clock: { now: () => now, sleep: async (ms) => void (slept.push(ms), (now += ms)) },
    });
    expect(outcome.kind).toBe('timed-out');
    // The steps are the same all along: 2 s, then half as long again each time, up to 10 s; it stops when the
    // next poll would pass the minute.
    const expected = [2000];
    while (expected.length < slept.length) expected.push(Math.min(10_000, expected.at(-1)! * 1.5));
    expect(slept).toEqual(expected);
    expect(slept.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(60_000);
    expect(slept.reduce((a, b) => a + b, 0) + Math.min(10_000, slept.at(-1)! * 1.5)).toBeGreaterThan(60_000);
  });

  it('an unknown cluster is a one-line error, before anything is uploaded', async () => {
    const result = cli(['emr', 'status', '--cluster-id', 'j-NOSUCHCLUSTER', '--step-id', 's-NOSUCHSTEP'], { env: moto.env });
    expect(oneLineError(result)).toMatch(/^sparkify: EMR DescribeCluster j-NOSUCHCLUSTER: Cluster id 'j-NOSUCHCLUSTER' is not valid\. \(InvalidRequestException\)$/);
    const before = (await clients.s3.send(new ListObjectsV2Command({ Bucket: CODE_BUCKET, Prefix: 'kit/runs/run-d' }))).KeyCount ?? 0;
    const error = await engine({ clusterId: 'j-NOSUCHCLUSTER', wait: false })
      .build({ input: INPUT, locations: locationsFor('run-d'), progress: recordingProgress(), runId: 'run-d' })
      .then(() => null, (err: Error) => err);
    expect(error?.name).toBe('UserError');
    expect(error?.message).toMatch(/Cluster id 'j-NOSUCHCLUSTER' is not valid/);
    expect(before).toBe(0);
    expect((await clients.s3.send(new ListObjectsV2Command({ Bucket: CODE_BUCKET, Prefix: 'kit/runs/run-d' }))).KeyCount ?? 0).toBe(0);
  });

  it('an unknown step is a one-line error', () => {
    expect(oneLineError(cli(['emr', 'status', '--cluster-id', clusterId, '--step-id', 's-NOSUCHSTEP'], { env: moto.env }))).toBe(
      `sparkify: EMR DescribeStep: cluster ${clusterId} has no step s-NOSUCHSTEP`,
    );
  });

  it('a terminated cluster takes no step: a one-line error', async () => {
    const out = await clients.emr.send(new RunJobFlowCommand({ Name: 'gone', ReleaseLabel: 'emr-7.13.0', Instances: { InstanceCount: 1, MasterInstanceType: 'm5.xlarge', KeepJobFlowAliveWhenNoSteps: true } }));
    await clients.emr.send(new TerminateJobFlowsCommand({ JobFlowIds: [out.JobFlowId!] }));
    const error = await engine({ clusterId: out.JobFlowId!, wait: false })
      .build({ input: INPUT, locations: locationsFor('run-e'), progress: recordingProgress(), runId: 'run-e' })
      .then(() => null, (err: Error) => err);
    expect(error?.name).toBe('UserError');
    expect(error?.message).toMatch(new RegExp(`^cluster ${out.JobFlowId} is TERMINATED.* and takes no more steps; leave out --cluster-id`));
  });
});
