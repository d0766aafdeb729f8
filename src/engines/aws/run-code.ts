import * as fs from 'node:fs';
import { PutObjectCommand, type PutObjectCommandInput, type S3Client } from '@aws-sdk/client-s3';
import { UserError } from '../../errors';
import { awsCall } from '../../storage/aws-errors';
import { parseS3Uri, s3Join } from '../../storage/s3-uri';
import { STEP_RUNNER_NAME } from '../spark-step/step-runner';
import type { SparkJobSpec } from '../spark-step/job-spec';

/**
 * Where one cloud run's code lives on S3, for every AWS engine: the runner once per code prefix (the same file
 * for every run, overwritten with the current version), the spec and the runner's result per run.
 */
export interface RunCode {
  runnerUri: string;
  specUri: string;
  resultUri: string;
}

export function runCodeLocations(codePrefix: string, runId: string): RunCode {
  return {
    runnerUri: s3Join(codePrefix, STEP_RUNNER_NAME),
    specUri: s3Join(codePrefix, 'runs', runId, 'spec.json'),
    resultUri: s3Join(codePrefix, 'runs', runId, 'result.json'),
  };
}

/** One object the run uploads: the request without its body, and the body. */
export interface Upload {
  request: Omit<PutObjectCommandInput, 'Body'> & { ContentLength: number };
  body: Buffer;
  /** Where the body comes from, for dry-run output. */
  source: string;
}

/** The runner and the spec (the models and catalog travel inside the spec, so nothing else is needed). */
export function planUploads(code: RunCode, spec: SparkJobSpec, runnerPath: string): Upload[] {
  if (!fs.existsSync(runnerPath)) throw new UserError(`the Spark step runner ${runnerPath} is missing; reinstall the kit`);
  const runner = fs.readFileSync(runnerPath);
  const specBody = Buffer.from(JSON.stringify(spec, null, 2) + '\n');
  return [
    upload(code.runnerUri, runner, 'text/x-python', runnerPath),
    upload(code.specUri, specBody, 'application/json', 'the job spec (built from the catalog and the models)'),
  ];
}

export async function sendUploads(s3: S3Client, uploads: Upload[]): Promise<void> {
  for (const u of uploads) {
    await awsCall(`S3 PutObject s3://${u.request.Bucket}/${u.request.Key}`, () => s3.send(new PutObjectCommand({ ...u.request, Body: u.body })));
  }
}

function upload(uri: string, body: Buffer, contentType: string, source: string): Upload {
  const { bucket, key } = parseS3Uri(uri);
  return { request: { Bucket: bucket, Key: key, ContentType: contentType, ContentLength: body.length }, body, source };
}

/** The `aws s3 cp` lines that make the same uploads by hand (the spec as a local spec.json). */
export function uploadCliCommands(uploads: Upload[], region: string | undefined): string[] {
  const regionArg = region ? ` --region ${region}` : '';
  return uploads.map((u, i) => `aws s3 cp ${i === 0 ? u.source : 'spec.json'} s3://${u.request.Bucket}/${u.request.Key}${regionArg}`);
}

/** A JSON argument quoted for a POSIX shell, left bare when it needs no quoting. */
export function shellQuote(text: string): string {
  return /^[A-Za-z0-9_.:\/=,@+-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
