import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { AwsClients } from '../src/engines/emr/submission';
import { runCodeLocations } from '../src/engines/aws/run-code';
import { parseS3Uri } from '../src/storage/s3-uri';
import { runSparkSubmit } from '../src/engines/spark/run-submit';
import { locateSpark } from '../src/engines/spark/spark-install';
import { sparkSubmitCommand } from '../src/engines/spark/submit-command';
import { TABLES } from '../src/catalog/tables';
import { runEtl } from '../src/run/etl';
import { readTable } from '../src/table-format/read-table';
import { uploadDir } from '../src/storage/s3-upload';
import { silentProgress } from '../src/progress';
import { cli, REPO, SAMPLE, SPARK_TEST_TIMEOUT_MS, sortedRows, tempDir } from './helpers';
import { getObjectBytes, oneLineError } from './emr-fixtures';
import { startMotoWithBuckets, type MotoServer } from './moto-server';

// An `etl --engine emr --no-wait` run, carried to published tables: moto takes the EMR submission but never runs
// a step, so the test runs what the step would run, on this machine: the uploaded runner and spec, read from S3
// by a local spark-submit, writing to the run's versions on S3. Then `sparkify emr publish` checks and publishes.
const CODE_PREFIX = 's3://sparkify-code/kit';
const INPUT = 's3://sparkify-raw/sample';

let moto: MotoServer;
let clients: AwsClients;

beforeAll(async () => {
  ({ moto, clients } = await startMotoWithBuckets(['sparkify-code', 'sparkify-raw', 'sparkify-lake']));
  await uploadDir(SAMPLE, INPUT);
}, 60_000);

afterAll(async () => {
  await moto?.stop();
});

/** Submits a --no-wait run to a transient cluster; returns its run id, read from the publish command it prints. */
function submitNoWait(output: string): string {
  const run = cli(['etl', '--engine', 'emr', '--input', INPUT, '--output', output, '--code-prefix', CODE_PREFIX, '--no-wait'], { env: moto.env });
  expect(run.code, run.stderr).toBe(0);
  const command = /sparkify emr publish --output (\S+) --code-prefix (\S+) --run-id (\S+)/.exec(run.stdout);
  expect(command, run.stdout).not.toBeNull();
  expect(command!.slice(1, 3)).toEqual([output, CODE_PREFIX]);
  return command![3];
}

/** What the EMR step runs, run here: spark-submit on the uploaded runner with the uploaded spec. */
async function runStepLocally(runId: string): Promise<void> {
  const { runnerUri, specUri } = runCodeLocations(CODE_PREFIX, runId);
  const runner = path.join(tempDir('sparkify-step-'), 'step_runner.py');
  const { bucket, key } = parseS3Uri(runnerUri);
  fs.writeFileSync(runner, await getObjectBytes(clients.s3, bucket, key));
  await runSparkSubmit(sparkSubmitCommand({ ...locateSpark(), runner }, specUri, [specUri]), silentProgress);
}

/** The id of the run whose spec appears under the code prefix (uploaded before the step is submitted). */
async function waitForSpec(): Promise<string> {
  const seen = new Set<string>();
  const list = async () => (await clients.s3.send(new ListObjectsV2Command({ Bucket: 'sparkify-code', Prefix: 'kit/runs/' }))).Contents ?? [];
  for (const o of await list()) seen.add(o.Key!);
  for (let i = 0; i < 600; i++) {
    const fresh = (await list()).map((o) => o.Key!).find((k) => !seen.has(k) && k.endsWith('/spec.json'));
    if (fresh) return fresh.split('/')[2];
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('no run spec was uploaded within 60 s');
}

const publish = (output: string, runId: string) => cli(['emr', 'publish', '--output', output, '--code-prefix', CODE_PREFIX, '--run-id', runId], { env: moto.env });

describe('sparkify emr publish', () => {
  it('publishes a --no-wait run once its step has completed, with the tables of a local run; not before', async () => {
    const output = 's3://sparkify-lake/star';
    const runId = submitNoWait(output);
    // Nothing published by the submission.
    expect(cli(['check', '--output', output], { env: moto.env }).code).not.toBe(0);

    const early = publish(output, runId);
    expect(early.code).toBe(2);
    expect(oneLineError(early)).toBe(
      `sparkify: run ${runId} has not finished: no result at ${CODE_PREFIX}/runs/${runId}/result.json yet (it is still running, or it failed: sparkify emr status shows which)`,
    );

    await runStepLocally(runId);
    const done = publish(output, runId);
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toMatch(new RegExp(`^published run ${runId} in ${output}; \\d+ checks: \\d+ passed, 0 failed \\(0 blocking\\)`));

    const localOutput = tempDir();
    await runEtl({ input: SAMPLE, output: localOutput });
    for (const { name } of TABLES) {
      expect(sortedRows(await readTable(output, name)), name).toEqual(sortedRows(await readTable(localOutput, name)));
    }
    // The run manifest was written by the publish and names the EMR engine and the input.
    const check = cli(['check', '--output', output], { env: moto.env });
    expect(check.code, check.stderr + check.stdout).toBe(0);
    expect(check.stdout).toContain(`published by run ${runId}`);

    const again = publish(output, runId);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain(`run ${runId} is already published in ${output}`);
  }, SPARK_TEST_TIMEOUT_MS);

  it('a run that stops waiting keeps what its step has written, so it can be published when the step completes', async () => {
    // Waits at most 1 min; meanwhile the step runs here (about 30 s) and writes every table. Stopping the wait must
    // not delete those versions: the step goes on, and publishing it later needs them.
    const output = 's3://sparkify-lake/timed-out';
    const args = ['etl', '--engine', 'emr', '--input', INPUT, '--output', output, '--code-prefix', CODE_PREFIX, '--timeout-minutes', '1', '--poll-seconds', '1'];
    const child = spawn(process.execPath, [path.join(REPO, 'bin', 'sparkify.js'), ...args], { env: { ...process.env, ...moto.env } });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const runId = await waitForSpec();
    await runStepLocally(runId);
    expect(await exited).toBe(1);
    expect(stderr.trim().split('\n').pop()).toMatch(
      new RegExp(`^sparkify: failed: stopped waiting after 1 min; step \\S+ is still RUNNING on \\S+ and nothing was published; follow it with: .*; once it has completed: sparkify emr publish --output ${output} --code-prefix ${CODE_PREFIX} --run-id ${runId} \\(--verbose for details\\)$`),
    );
    const done = publish(output, runId);
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toMatch(/0 failed \(0 blocking\)/);
  }, SPARK_TEST_TIMEOUT_MS);

  it('refuses an unknown run, another lake, and a run older than the published one', async () => {
    const output = 's3://sparkify-lake/refusals';
    const older = submitNoWait(output);

    expect(oneLineError(publish(output, '20260101T000000000Z-abcdef'))).toBe(
      `sparkify: no run 20260101T000000000Z-abcdef under --code-prefix ${CODE_PREFIX}: ${CODE_PREFIX}/runs/20260101T000000000Z-abcdef/spec.json does not exist`,
    );
    expect(oneLineError(publish('s3://sparkify-lake/elsewhere', older))).toBe(
      `sparkify: run ${older} wrote songplays to ${output}/songplays/${older}, not to --output s3://sparkify-lake/elsewhere`,
    );
    const newer = await runEtl({ input: INPUT, output });
    expect(oneLineError(publish(output, older))).toBe(
      `sparkify: run ${newer.runId} is already published in ${output}; publishing the older run ${older} would roll it back`,
    );
  }, SPARK_TEST_TIMEOUT_MS);
});
