import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateBucketCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { GetJobRunCommand, ListApplicationsCommand, ListJobRunsCommand } from '@aws-sdk/client-emr-serverless';
import { GetTablesCommand, GlueClient } from '@aws-sdk/client-glue';
import { TABLES } from '../src/catalog/tables';
import { createServerlessClients, type ServerlessClients } from '../src/engines/emr-serverless/serverless-clients';
import { driverLogUri } from '../src/engines/emr-serverless/serverless-monitoring';
import { runCodeLocations } from '../src/engines/aws/run-code';
import { runSparkSubmit } from '../src/engines/spark/run-submit';
import { locateSpark } from '../src/engines/spark/spark-install';
import { sparkSubmitCommand } from '../src/engines/spark/submit-command';
import { runEtl } from '../src/run/etl';
import { readTable } from '../src/table-format/read-table';
import { uploadDir } from '../src/storage/s3-upload';
import { parseS3Uri } from '../src/storage/s3-uri';
import { silentProgress } from '../src/progress';
import { cli, cliAsync, REPO, SAMPLE, SPARK_TEST_TIMEOUT_MS, sortedRows, tempDir } from './helpers';
import { getObjectBytes, oneLineError } from './emr-fixtures';
import { deltaRsRows } from './lake-readers';
import { startMotoWithJobScript, useMotoEnv, type MotoServer } from './moto-server';

// `--engine emr-serverless` against moto's EMR Serverless over HTTP. moto takes the application and the job run but
// runs nothing, so the test does what the job would: the uploaded runner and spec, run here by spark-submit against
// moto's S3. The job run's states (and the utilization AWS reports) follow a script file the test rewrites
// (test/moto-job-runs.py), as AWS would move the run on.
const CODE_PREFIX = 's3://sparkify-code/serverless';
const INPUT = 's3://sparkify-raw/sample';
const ROLE = 'arn:aws:iam::123456789012:role/sparkify-job';
const FAST_POLL = ['--poll-seconds', '0.2'];

let moto: MotoServer;
let clients: ServerlessClients;
const scriptFile = path.join(tempDir('sparkify-job-script-'), 'job-runs.json');

/** What GetJobRun answers for every job run from now on. */
function scriptJobRuns(step: Record<string, unknown>): void {
  fs.writeFileSync(scriptFile, JSON.stringify({ '*': step }));
}

beforeAll(async () => {
  scriptJobRuns({ state: 'RUNNING' });
  moto = await startMotoWithJobScript(scriptFile);
  useMotoEnv(moto);
  clients = createServerlessClients();
  for (const bucket of ['sparkify-code', 'sparkify-raw', 'sparkify-lake']) await clients.s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await uploadDir(SAMPLE, INPUT);
}, 60_000);

afterAll(async () => {
  await moto?.stop();
});

const etlArgs = (output: string, ...more: string[]) => ['etl', '--engine', 'emr-serverless', '--input', INPUT, '--output', output, '--code-prefix', CODE_PREFIX, '--execution-role-arn', ROLE, ...more];

/** The id of the run whose spec appears under the code prefix (uploaded before the job run starts). */
async function waitForSpec(seenBefore: Set<string>): Promise<string> {
  const list = async () => (await clients.s3.send(new ListObjectsV2Command({ Bucket: 'sparkify-code', Prefix: 'serverless/runs/' }))).Contents ?? [];
  for (let i = 0; i < 600; i++) {
    const fresh = (await list()).map((o) => o.Key!).find((k) => !seenBefore.has(k) && k.endsWith('/spec.json'));
    if (fresh) return fresh.split('/')[2];
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('no run spec was uploaded within 60 s');
}

async function specsNow(): Promise<Set<string>> {
  const listed = await clients.s3.send(new ListObjectsV2Command({ Bucket: 'sparkify-code', Prefix: 'serverless/runs/' }));
  return new Set((listed.Contents ?? []).map((o) => o.Key!));
}

/** What the job run runs, run here: spark-submit on the uploaded runner with the uploaded spec. */
async function runJobLocally(runId: string): Promise<void> {
  const { runnerUri, specUri } = runCodeLocations(CODE_PREFIX, runId);
  const runner = path.join(tempDir('sparkify-step-'), 'step_runner.py');
  const { bucket, key } = parseS3Uri(runnerUri);
  fs.writeFileSync(runner, await getObjectBytes(clients.s3, bucket, key));
  await runSparkSubmit(sparkSubmitCommand({ ...locateSpark(), runner }, specUri, [specUri]), silentProgress);
}

/** The CLI in the background, its output collected as it comes. */
function startCli(args: string[]) {
  const child = spawn(process.execPath, [path.join(REPO, 'bin', 'sparkify.js'), ...args], { env: { ...process.env, ...moto.env } });
  const out = { stdout: '', stderr: '' };
  child.stdout.on('data', (d) => (out.stdout += d));
  child.stderr.on('data', (d) => (out.stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  return { child, out, exited };
}

async function until(condition: () => boolean, what: string, ms = 60_000): Promise<void> {
  for (const end = Date.now() + ms; !condition(); ) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function lastJobRun() {
  const apps = await clients.emrServerless.send(new ListApplicationsCommand({}));
  const app = apps.applications!.find((a) => a.name === 'sparkify-etl-emr-7.13.0-x86_64')!;
  const runs = await clients.emrServerless.send(new ListJobRunsCommand({ applicationId: app.id }));
  const latest = runs.jobRuns!.sort((a, b) => a.id!.localeCompare(b.id!)).pop()!;
  return (await clients.emrServerless.send(new GetJobRunCommand({ applicationId: app.id, jobRunId: latest.id }))).jobRun!;
}

describe('etl --engine emr-serverless', () => {
  it('refuses what would only fail on AWS, in one line', () => {
    const lake = 's3://sparkify-lake/refused';
    expect(oneLineError(cli(['etl', '--engine', 'emr-serverless', '--input', INPUT, '--output', lake, '--code-prefix', CODE_PREFIX], { env: moto.env }))).toMatch(
      /^sparkify: --engine emr-serverless needs --execution-role-arn arn:aws:iam::ACCOUNT:role\/NAME/,
    );
    expect(oneLineError(cli(etlArgs(lake).map((a) => (a === ROLE ? 'sparkify-job' : a)), { env: moto.env }))).toBe(
      'sparkify: --execution-role-arn must look like arn:aws:iam::123456789012:role/NAME, got "sparkify-job"',
    );
    expect(oneLineError(cli(['etl', '--engine', 'emr-serverless', '--input', SAMPLE, '--output', lake, '--code-prefix', CODE_PREFIX, '--execution-role-arn', ROLE], { env: moto.env }))).toBe(
      `sparkify: --engine emr-serverless reads the input in the cloud: give --input as s3://BUCKET/PREFIX, not "${SAMPLE}"`,
    );
    expect(oneLineError(cli(etlArgs(lake, '--architecture', 'sparc'), { env: moto.env }))).toBe('sparkify: --architecture must be x86_64 or arm64, got "sparc"');
    expect(oneLineError(cli(etlArgs(lake, '--cluster-id', 'j-ABC'), { env: moto.env }))).toBe('sparkify: --cluster-id applies only to --engine emr');
  });

  it('--dry-run prints every request and its aws emr-serverless command, and sends nothing', async () => {
    const before = await specsNow();
    const run = cli(etlArgs('s3://sparkify-lake/dry', '--dry-run'), { env: moto.env });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('# request 3: EMR Serverless CreateApplication (only when no application named sparkify-etl-emr-7.13.0-x86_64 exists yet');
    expect(run.stdout).toContain('# request 4: EMR Serverless StartJobRun');
    expect(run.stdout).toContain('aws emr-serverless create-application \\\n  --name sparkify-etl-emr-7.13.0-x86_64');
    expect(run.stdout).toContain(`--execution-role-arn ${ROLE}`);
    // The estimate rests on the input as listed (a read), and says which figures were measured and which assumed.
    expect(run.stdout).toMatch(/^# cost estimate: EMR Serverless, 1 driver \+ 3 executors .* in us-east-1, x86_64: [\d.]+ min, \$[\d.]+$/m);
    expect(run.stdout).toMatch(/^# {3}listed {6}song files: \d+ files \(listed in s3:\/\/sparkify-raw\/sample\)$/m);
    expect(run.stdout).toMatch(/^# {3}measured {4}events per vCPU-second: /m);
    const json = JSON.parse(cli(etlArgs('s3://sparkify-lake/dry', '--dry-run', '--json', '--application-id', '00fabcdefghij123'), { env: moto.env }).stdout);
    expect(json.requests.map((r: { operation: string }) => r.operation)).toEqual(['PutObject', 'PutObject', 'StartJobRun']);
    const start = json.requests[2].input;
    expect(start.applicationId).toBe('00fabcdefghij123');
    expect(start.jobDriver.sparkSubmit.entryPoint).toBe(`${CODE_PREFIX}/step_runner.py`);
    expect(start.jobDriver.sparkSubmit.entryPointArguments).toEqual(['--spec', `${CODE_PREFIX}/runs/${start.clientToken}/spec.json`]);
    expect(json.estimate.totalDollars).toBeGreaterThan(0);
    expect(json.spec.locations.songplays).toBe(`s3://sparkify-lake/dry/songplays/${start.clientToken}`);
    // Nothing sent: no upload, no application.
    expect(await specsNow()).toEqual(before);
    expect((await clients.emrServerless.send(new ListApplicationsCommand({}))).applications).toEqual([]);
  });

  it('waits through the job run\'s states, then gates and publishes what it wrote: the same lake as the local engine', async () => {
    scriptJobRuns({ state: 'SCHEDULED' });
    const output = 's3://sparkify-lake/waited';
    const seen = await specsNow();
    const run = startCli(etlArgs(output, ...FAST_POLL));
    const runId = await waitForSpec(seen);
    await until(() => run.out.stderr.includes(': SCHEDULED'), 'SCHEDULED');
    scriptJobRuns({ state: 'RUNNING' });
    await runJobLocally(runId);
    scriptJobRuns({
      state: 'SUCCESS',
      totalExecutionDurationSeconds: 95,
      totalResourceUtilization: { vCPUHour: 0.42, memoryGBHour: 1.68, storageGBHour: 8.4 },
      billedResourceUtilization: { vCPUHour: 0.5, memoryGBHour: 2.0, storageGBHour: 0 },
    });
    expect(await run.exited, run.out.stderr).toBe(0);
    const log = run.out.stderr;
    expect(log).toMatch(/created application [0-9a-z]{16} \(sparkify-etl-emr-7\.13\.0-x86_64\): no initial capacity, stops after 15 min idle/);
    expect(log.indexOf(': SCHEDULED')).toBeLessThan(log.indexOf(': RUNNING'));
    expect(log.indexOf(': RUNNING')).toBeLessThan(log.indexOf(': SUCCESS'));

    const localOutput = tempDir();
    await runEtl({ input: SAMPLE, output: localOutput });
    for (const { name } of TABLES) {
      expect(sortedRows(await readTable(output, name)), name).toEqual(sortedRows(await readTable(localOutput, name)));
    }
    // delta-rs reads the same tables at version 0.
    const rs = await deltaRsRows(output, moto.env);
    expect(Object.keys(rs).sort()).toEqual(TABLES.map((t) => t.name).sort());
    const check = cli(['check', '--output', output], { env: moto.env });
    expect(check.code, check.stderr + check.stdout).toBe(0);
    expect(check.stdout).toContain(`published by run ${runId}`);

    // Its cost: estimated from the listed input before, measured from GetJobRun's billed utilization after
    // (us-east-1 x86_64 list prices: 0.5 × $0.052624 + 2.0 × $0.0057785 = $0.0379).
    expect(log).toMatch(/estimated cost: \$\d+\.\d\d \(/);
    expect(log).toContain('measured cost: $0.038 (0.5 vCPU-h, 2 GB-h memory, 0 GB-h storage)');
    const status = cli(['status', '--output', output], { env: moto.env });
    expect(status.stdout).toMatch(/cost estimated: \$[\d.]+ for [\d.]+ min \(EMR Serverless, 1 driver \+ 3 executors .*listed: song files, log bytes, events/);
    expect(status.stdout).toContain('cost measured: $0.038: 0.500 vCPU-hours, 2.000 memory GB-hours, over 1.6 min (EMR Serverless GetJobRun billedResourceUtilization at us-east-1 x86_64 list prices');

    // The job run was what the kit asked for.
    const jobRun = await lastJobRun();
    expect(jobRun.jobDriver?.sparkSubmit?.entryPointArguments).toEqual(['--spec', `${CODE_PREFIX}/runs/${runId}/spec.json`]);
    expect(jobRun.configurationOverrides?.monitoringConfiguration?.s3MonitoringConfiguration?.logUri).toBe(`${CODE_PREFIX}/logs/`);
    expect(jobRun.executionRole).toBe(ROLE);
  }, SPARK_TEST_TIMEOUT_MS);

  it('--no-wait hands the run off on the same application; emr-serverless publish publishes it once it has succeeded', async () => {
    scriptJobRuns({ state: 'RUNNING' });
    const output = 's3://sparkify-lake/handed-off';
    const submitted = cli(etlArgs(output, '--no-wait'), { env: moto.env });
    expect(submitted.code, submitted.stderr).toBe(0);
    expect(submitted.stderr).toMatch(/using application [0-9a-z]{16} \(sparkify-etl-emr-7\.13\.0-x86_64, STARTED\)/);
    const command = /sparkify emr-serverless publish --output (\S+) --code-prefix (\S+) --run-id (\S+)/.exec(submitted.stdout);
    expect(command, submitted.stdout).not.toBeNull();
    const runId = command![3];
    const publish = () => cli(['emr-serverless', 'publish', '--output', output, '--code-prefix', CODE_PREFIX, '--run-id', runId, '--catalog', 'glue:serverless_lake'], { env: moto.env });
    expect(oneLineError(publish())).toBe(
      `sparkify: run ${runId} has not finished: no result at ${CODE_PREFIX}/runs/${runId}/result.json yet (it is still running, or it failed: sparkify emr-serverless status shows which)`,
    );
    await runJobLocally(runId);
    const done = publish();
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toMatch(new RegExp(`^published run ${runId} in ${output}; \\d+ checks: \\d+ passed, 0 failed \\(0 blocking\\)`));
    // Registered in Glue after the commit, as Delta tables at the lake's stable paths.
    const glue = new GlueClient({ endpoint: moto.endpoint, region: moto.env.AWS_REGION });
    const tables = (await glue.send(new GetTablesCommand({ DatabaseName: 'serverless_lake' }))).TableList!;
    expect(tables.map((t) => [t.Name, t.Parameters?.table_type, t.StorageDescriptor?.Location]).sort()).toEqual(
      TABLES.map((t) => [t.name, 'DELTA', `${output}/${t.name}/`]).sort(),
    );
    // One application for both runs.
    expect((await clients.emrServerless.send(new ListApplicationsCommand({}))).applications).toHaveLength(1);
  }, SPARK_TEST_TIMEOUT_MS);

  it('a failed job run names the driver\'s error from its S3 log, publishes nothing, and `logs` shows the stderr', async () => {
    const output = 's3://sparkify-lake/failed';
    scriptJobRuns({ state: 'RUNNING' });
    const seen = await specsNow();
    const run = startCli(etlArgs(output, ...FAST_POLL));
    await waitForSpec(seen);
    await until(() => run.out.stderr.includes('started job run'), 'the job run');
    const [, jobRunId, applicationId] = /started job run (\S+) on application (\S+)/.exec(run.out.stderr)!;
    // What EMR Serverless copies to the log location when the driver dies.
    const stderr = ['26/12/07 06:00:01 INFO SparkContext: Running Spark version 3.5.6', 'Traceback (most recent call last):', '  File "step_runner.py", line 12, in <module>', 'PermissionError: s3://sparkify-raw/sample/log_data: Access Denied (403)', ''].join('\n');
    const { bucket, key } = parseS3Uri(driverLogUri(`${CODE_PREFIX}/logs/`, applicationId, jobRunId));
    await clients.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: zlib.gzipSync(stderr) }));
    scriptJobRuns({ state: 'FAILED', stateDetails: 'Job failed, please check complete logs in configured logging destination. ExitCode: 1.' });
    expect(await run.exited).toBe(1);
    const message = run.out.stderr.trim().split('\n').pop()!;
    expect(message).toBe(
      `sparkify: failed: EMR Serverless job run ${jobRunId} FAILED (Job failed, please check complete logs in configured logging destination. ExitCode: 1.): PermissionError: s3://sparkify-raw/sample/log_data: Access Denied (403) (s3://${bucket}/${key}); nothing was published; the driver's stderr: sparkify emr-serverless logs --application-id ${applicationId} --job-run-id ${jobRunId} (--verbose for details)`,
    );
    expect(cli(['check', '--output', output], { env: moto.env }).code).not.toBe(0);
    const logs = cli(['emr-serverless', 'logs', '--application-id', applicationId, '--job-run-id', jobRunId, '--lines', '2'], { env: moto.env });
    expect(logs.code, logs.stderr).toBe(0);
    expect(logs.stdout).toBe('  File "step_runner.py", line 12, in <module>\nPermissionError: s3://sparkify-raw/sample/log_data: Access Denied (403)\n');
    const status = cli(['emr-serverless', 'status', '--application-id', applicationId, '--job-run-id', jobRunId], { env: moto.env });
    expect(status.stdout).toContain(`job run ${jobRunId} (sparkify-etl `);
    expect(status.stdout).toContain(`driver stderr: sparkify emr-serverless logs --application-id ${applicationId} --job-run-id ${jobRunId}`);
  }, 120_000);

  it('Ctrl-C while waiting cancels the job run and says so; the lake is untouched', async () => {
    scriptJobRuns({ state: 'RUNNING' });
    const run = startCli(etlArgs('s3://sparkify-lake/interrupted', ...FAST_POLL));
    await until(() => run.out.stderr.includes(': RUNNING'), 'RUNNING');
    const [, jobRunId, applicationId] = /started job run (\S+) on application (\S+)/.exec(run.out.stderr)!;
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(1);
    expect(run.out.stderr).toContain(`Ctrl-C: cancelling job run ${jobRunId} on application ${applicationId}`);
    expect(run.out.stderr.trim().split('\n').pop()).toBe(`sparkify: failed: job run ${jobRunId} on application ${applicationId} was cancelled (Ctrl-C); nothing was published (--verbose for details)`);
    const jobRun = (await clients.emrServerless.send(new GetJobRunCommand({ applicationId, jobRunId }))).jobRun!;
    expect(jobRun.state).toBe('CANCELLED');
  }, 120_000);

  it('stops waiting at --timeout-minutes and says how to follow and publish the run', async () => {
    scriptJobRuns({ state: 'RUNNING' });
    const output = 's3://sparkify-lake/timed-out';
    const run = await cliAsync(etlArgs(output, '--timeout-minutes', '0.02', ...FAST_POLL), { env: moto.env });
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n').pop()).toMatch(
      new RegExp(`^sparkify: failed: stopped waiting after 0.02 min; job run \\S+ is still RUNNING on \\S+ and nothing was published; follow it with: sparkify emr-serverless status --application-id \\S+ --job-run-id \\S+; once it has succeeded: sparkify emr-serverless publish --output ${output} --code-prefix ${CODE_PREFIX} --run-id \\S+ \\(--verbose for details\\)$`),
    );
  }, 120_000);
});
