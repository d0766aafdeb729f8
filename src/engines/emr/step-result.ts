import type { S3Client } from '@aws-sdk/client-s3';
import type { BuildResult } from '../../core/run-contract';
import { readS3Json } from './read-s3-json';

/** The step runner's report (a BuildResult as JSON), written when it has finished every table; null before that. */
export async function readStepResult(s3: S3Client, resultUri: string): Promise<BuildResult | null> {
  const result = await readS3Json<BuildResult>(s3, resultUri);
  if (result && (!Array.isArray(result.tables) || !Array.isArray(result.sources))) throw new Error(`the result at ${resultUri} is not a build result`);
  return result;
}
