import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { joinKey } from '../../storage/s3-uri';

export interface S3Object {
  key: string;
  size: number;
}

/**
 * Every object under `prefix/` (recursively: no delimiter), page by page as S3 returns them (1,000 a page).
 * `onPage` sees the running count, for progress.
 */
export async function listObjects(
  client: S3Client,
  bucket: string,
  prefix: string,
  onPage: (listed: number) => void = () => {},
): Promise<S3Object[]> {
  const objects: S3Object[] = [];
  const keyPrefix = prefix === '' ? '' : `${joinKey(prefix)}/`;
  let token: string | undefined;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: keyPrefix, ContinuationToken: token }));
    for (const o of page.Contents ?? []) objects.push({ key: o.Key!, size: o.Size ?? 0 });
    onPage(objects.length);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return objects;
}

/** Whether anything exists under `prefix/` (one cheap request). */
export async function hasObjects(client: S3Client, bucket: string, prefix: string): Promise<boolean> {
  const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `${joinKey(prefix)}/`, MaxKeys: 1 }));
  return (page.KeyCount ?? page.Contents?.length ?? 0) > 0;
}

export async function getObject(client: S3Client, bucket: string, key: string): Promise<Buffer> {
  const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from(await response.Body!.transformToByteArray());
}
