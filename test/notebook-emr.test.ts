// The at-scale notebook's EMR part and the writing notebook's S3 lake, run against the local moto server over
// HTTP (moto speaks S3 and EMR; it takes a step but never runs it): the same src functions the notebooks call.
import { PassThrough } from 'node:stream';
import * as fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DescribeClusterCommand, ListClustersCommand, ListInstanceGroupsCommand, ListStepsCommand } from '@aws-sdk/client-emr';
import { HeadBucketCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { AwsClients } from '../src/engines/emr/submission';
import { EMR_PLACEHOLDERS, emrSubmissionPlan, emrWillSubmit, submitToEmr, type EmrNotebookSettings } from '../src/notebooks/emr-notebook';
import { LOCAL_S3_BUCKET, lakeListing, notebookLake } from '../src/notebooks/lake-location';
import { openStorage } from '../src/storage/open-storage';
import { uploadDir } from '../src/storage/s3-upload';
import { StillRunningError } from '../src/core/run-contract';
import { SAMPLE } from './helpers';
import { startMotoWithBuckets, type MotoServer } from './moto-server';

let moto: MotoServer;
let clients: AwsClients;

beforeAll(async () => {
  ({ moto, clients } = await startMotoWithBuckets(['nb-code', 'nb-raw', 'nb-lake']));
  await uploadDir(SAMPLE, 's3://nb-raw/sample');
}, 60_000);

afterAll(async () => {
  await moto?.stop();
});

const empty: EmrNotebookSettings = { codePrefix: '', clusterId: '', input: 's3://udacity-dend', output: '', coreNodes: 2, instanceType: 'm5.xlarge' };
const mine: EmrNotebookSettings = { ...empty, codePrefix: 's3://nb-code/kit', input: 's3://nb-raw/sample', output: 's3://nb-lake/star', coreNodes: 3 };

function captured(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (d) => (text += d));
  return { stream, text: () => text };
}

const clusters = async () => (await clients.emr.send(new ListClustersCommand({}))).Clusters ?? [];

describe('the at-scale notebook on EMR', () => {
  it('with the parameters empty: a dry run, its plan with placeholders, and nothing sent', async () => {
    expect(emrWillSubmit(empty)).toBe(false);
    const plan = await emrSubmissionPlan(empty);
    expect(plan.region).toBe('us-east-1');
    expect(plan.requests).toHaveLength(3);
    expect(plan.requests[0]).toBe(`S3 PutObject ${EMR_PLACEHOLDERS.codePrefix}/step_runner.py`);
    expect(plan.requests[1]).toMatch(new RegExp(`^S3 PutObject ${EMR_PLACEHOLDERS.codePrefix}/runs/(\\S+)/spec\\.json$`));
    expect(plan.requests[2]).toMatch(/^EMR RunJobFlow \(sparkify-etl-\S+\)$/);
    expect(plan.awsCli.map((c) => c.split(' ').slice(0, 3).join(' '))).toEqual(['aws s3 cp', 'aws s3 cp', 'aws emr create-cluster']);
    // The runner named from where the code runs (the tests: the repo root), never by this machine's folder.
    expect(plan.awsCli[0]).toMatch(/^aws s3 cp \.\/src\/engines\/spark-step\/step_runner\.py s3:\/\//);
    expect(plan.awsCli[2]).toContain(`"InstanceCount":2`);
    expect(plan.awsCli[2]).toContain('--auto-terminate');
    const json = JSON.parse(plan.requestsJson);
    expect(json[2].input.Steps[0].HadoopJarStep.Args).toContain(`${EMR_PLACEHOLDERS.codePrefix}/step_runner.py`);
    expect(await clusters()).toHaveLength(0);
    await expect(submitToEmr(empty)).rejects.toThrow(/set codePrefix and s3Output/);
  });

  it('with a cluster id: the plan adds a step to that cluster', async () => {
    const plan = await emrSubmissionPlan({ ...mine, clusterId: 'j-NOTEBOOK1' });
    expect(plan.requests[2]).toBe('EMR AddJobFlowSteps on j-NOTEBOOK1');
    expect(plan.awsCli[2]).toMatch(/^aws emr add-steps \\\n {2}--cluster-id j-NOTEBOOK1/);
  });

  it('with codePrefix and s3Output set: uploads and starts a transient cluster with the step, for real over HTTP', async () => {
    const out = captured();
    const summary = await submitToEmr(mine, { wait: false }, out.stream);
    const { clusterId, stepId, runId } = summary.pending!.ids;
    expect(out.text()).toContain(`submitted step ${stepId} to new transient cluster ${clusterId}`);
    const { Cluster: cluster } = await clients.emr.send(new DescribeClusterCommand({ ClusterId: clusterId }));
    expect(cluster!.AutoTerminate).toBe(true);
    const { InstanceGroups: groups } = await clients.emr.send(new ListInstanceGroupsCommand({ ClusterId: clusterId }));
    expect(groups!.map((g) => [g.InstanceGroupType, g.InstanceType, g.RequestedInstanceCount]).sort()).toEqual([['CORE', 'm5.xlarge', 3], ['MASTER', 'm5.xlarge', 1]]);
    const { Steps: steps } = await clients.emr.send(new ListStepsCommand({ ClusterId: clusterId }));
    expect(steps!.map((s) => s.Id)).toEqual([stepId]);
    expect(steps![0].Config!.Args!.slice(-2)).toEqual(['--spec', `s3://nb-code/kit/runs/${runId}/spec.json`]);
    const keys = ((await clients.s3.send(new ListObjectsV2Command({ Bucket: 'nb-code', Prefix: 'kit/' }))).Contents ?? []).map((o) => o.Key);
    expect(keys).toEqual(expect.arrayContaining(['kit/step_runner.py', `kit/runs/${runId}/spec.json`]));
    const spec = JSON.parse((await openStorage('s3://nb-code/kit').read(`runs/${runId}/spec.json`))!.toString('utf8'));
    expect(spec.input).toBe('s3://nb-raw/sample');
    expect(spec.locations.songplays).toMatch(/^s3:\/\/nb-lake\/star\/songplays\//);
  }, 60_000);

  it('waiting: prints each state of the step while it waits; a step that does not end stops the wait, publishing nothing', async () => {
    const out = captured();
    const before = (await clusters()).length;
    const run = submitToEmr(mine, { pollSeconds: 0.5, timeoutMinutes: 0.05 }, out.stream);
    await expect(run).rejects.toBeInstanceOf(StillRunningError);
    await expect(run).rejects.toThrow(/stopped waiting after 0\.05 min; step s-\S+ is still \S+ on j-\S+ and nothing was published/);
    expect(await clusters()).toHaveLength(before + 1);
    // moto's step stays where it starts; the wait printed it once, with the time waited.
    expect(out.text()).toMatch(/EMR s-\S+ on j-\S+: step \S+, cluster \S+ \(waited [^)]+\)/);
    expect(await openStorage('s3://nb-lake/star').exists('_runs')).toBe(false);
  }, 60_000);
});

describe('the writing notebook’s lake', () => {
  it('on a local S3 server (AWS_ENDPOINT_URL): s3://sparkify-notebooks/<name>, a bucket it makes; removed at the end', async () => {
    const lake = await notebookLake('nb-test', '');
    expect(lake).toMatchObject({ location: `s3://${LOCAL_S3_BUCKET}/nb-test`, onS3: true });
    expect(lake.note).toContain('AWS_ENDPOINT_URL is set');
    await clients.s3.send(new HeadBucketCommand({ Bucket: LOCAL_S3_BUCKET }));
    await openStorage(lake.location).write('songplays/_delta_log/00000000000000000000.json', '{}\n');
    await openStorage(lake.location).write('_runs/r.json', '{}\n');
    expect(await lakeListing(lake.location)).toEqual(['_runs/', 'songplays/']);
    expect(await lakeListing(lake.location, 'songplays')).toEqual(['songplays/_delta_log/']);
    // A second notebook run finds the bucket there.
    await notebookLake('nb-test', '');
    await lake.remove();
    expect(await openStorage(lake.location).exists()).toBe(false);
  });

  it('s3Lake names the lake (left in place); without an endpoint a scratch folder, and the note says how to get S3', async () => {
    const named = await notebookLake('nb-test', 's3://nb-lake/mine');
    expect(named).toMatchObject({ location: 's3://nb-lake/mine', onS3: true });
    await expect(notebookLake('nb-test', '/tmp/not-s3')).rejects.toThrow('s3Lake must be an s3:// location, got "/tmp/not-s3"');

    const folder = await notebookLake('nb-test', '', {});
    expect(folder.onS3).toBe(false);
    expect(fs.existsSync(folder.location)).toBe(true);
    expect(folder.note).toMatch(/^no AWS_ENDPOINT_URL and no AWS credentials: the lake is a scratch folder/);
    await folder.remove();
    expect(fs.existsSync(folder.location)).toBe(false);

    const keysOnly = await notebookLake('nb-test', '', { AWS_ACCESS_KEY_ID: 'x' });
    expect(keysOnly.note).toContain("set s3Lake = 's3://YOUR-BUCKET/prefix'");
    await keysOnly.remove();
  });
});
