import * as path from 'node:path';
import { isDataFile, sortByRelPath, type SourceFile } from '../../ingest/source-files';
import { s3Client } from '../../storage/s3-client';
import { userErrorFromS3 } from './s3-errors';
import { getObject, listObjects } from './s3-objects';
import { joinKey, parseS3Path } from '../../storage/s3-uri';

/**
 * Every data object below input/folder as SourceFiles, named relative to the input prefix, with the same
 * junk filtering and order as a local folder. Listing is paginated; each read is one GET, retried by the client.
 */
export async function listS3SourceFiles(input: string, folder: string, onListed?: (listed: number) => void): Promise<SourceFile[]> {
  const { bucket, prefix } = parseS3Path(input);
  const client = s3Client();
  const root = prefix === '' ? '' : `${prefix}/`;
  let objects;
  try {
    objects = await listObjects(client, bucket, joinKey(prefix, folder), onListed);
  } catch (err) {
    userErrorFromS3(err, input);
  }
  const files = objects
    .filter((o) => o.size > 0 && isDataFile(path.posix.basename(o.key)))
    .map((o) => ({ relPath: o.key.slice(root.length), size: o.size, read: () => getObject(client, bucket, o.key) }));
  return sortByRelPath(files);
}
