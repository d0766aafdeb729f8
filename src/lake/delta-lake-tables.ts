import * as path from 'node:path';
import { FolderLogStore, S3LogStore, type LogStore } from '../delta';
import { s3Client } from '../storage/s3-client';
import { isS3Uri, joinKey, parseS3Uri } from '../storage/s3-uri';

/** The Delta table of one star table in a lake: `LAKE/<table>/` (its `_delta_log/` beside its data), a folder or S3. */
export function deltaTableStore(lake: string, table: string): LogStore {
  if (isS3Uri(lake)) {
    const { bucket, key } = parseS3Uri(lake);
    return new S3LogStore(s3Client(), bucket, joinKey(key, table));
  }
  return new FolderLogStore(path.join(lake, table));
}
