import type { S3Client } from '@aws-sdk/client-s3';
import type { BuildResult } from '../../core/run-contract';
import { awsCall } from '../../storage/aws-errors';
import { parseS3Uri } from '../../storage/s3-uri';
import { getObjectOrNull } from '../../storage/s3-storage';

/** A JSON document on S3, or null when there is no object at `uri` (yet). */
export async function readS3Json<T>(s3: S3Client, uri: string): Promise<T | null> {
  const { bucket, key } = parseS3Uri(uri);
  const body = await awsCall(`S3 GetObject ${uri}`, () => getObjectOrNull(s3, bucket, key));
  if (body === null) return null;
  try {
    return JSON.parse(body.toString('utf8')) as T;
  } catch (err) {
    throw new Error(`${uri} is not JSON: ${(err as Error).message}`);
  }
}

/** The step runner's report (a BuildResult as JSON), written when it has finished every table; null before that. */
export async function readStepResult(s3: S3Client, resultUri: string): Promise<BuildResult | null> {
  const result = await readS3Json<BuildResult>(s3, resultUri);
  if (result && (!Array.isArray(result.tables) || !Array.isArray(result.sources))) throw new Error(`the result at ${resultUri} is not a build result`);
  return result;
}
