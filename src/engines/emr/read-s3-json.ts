import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { awsUserError } from './aws-errors';
import { parseS3Uri } from './s3-uri';

/** A JSON document on S3, or null when there is no object at `uri` (yet). */
export async function readS3Json<T>(s3: S3Client, uri: string): Promise<T | null> {
  const { bucket, key } = parseS3Uri(uri);
  let text: string;
  try {
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    text = await object.Body!.transformToString();
  } catch (err) {
    if ((err as Error).name === 'NoSuchKey') return null;
    throw awsUserError(err, `S3 GetObject ${uri}`);
  }
  try {
    return JSON.parse(text) as T;
  } catch (err) {
    throw new Error(`${uri} is not JSON: ${(err as Error).message}`);
  }
}
