import * as fs from 'node:fs';
import { PutObjectCommand, type PutObjectCommandInput, type S3Client } from '@aws-sdk/client-s3';
import { UserError } from '../../errors';
import type { SparkJobSpec } from '../spark/job-spec';
import { awsCall } from './aws-errors';
import type { RunCode } from './run-code';
import { parseS3Uri } from './s3-uri';

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
