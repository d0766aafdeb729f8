import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type pl from 'nodejs-polars';
import { publishedLocation } from './lake-files';
import { mapPool } from '../storage/pool';
import { readTableAt } from '../table-format/parquet-table';
import { s3Client } from '../storage/s3-client';
import { getObject, listObjects } from './s3/s3-objects';
import { isS3Path, joinKey, parseS3Path } from '../storage/s3-uri';

/**
 * Reads a published table of an output, a folder or an s3:// prefix. On S3 it follows the table's pointer
 * (`_current/<table>.json`) to the published version, as any reader of the lake must.
 */
export async function readPublishedTable(output: string, tableName: string): Promise<pl.DataFrame> {
  const location = await publishedLocation(output, tableName);
  if (!location) throw new Error(`${output}: table ${tableName} was never published`);
  return readTableFrom(location, tableName);
}

/**
 * Reads a table from one location (a folder, or an s3:// version prefix). S3 objects are downloaded to a
 * temporary folder and read as a local table.
 */
export async function readTableFrom(location: string, tableName: string): Promise<pl.DataFrame> {
  if (!isS3Path(location)) return readTableAt(location, tableName);
  const { bucket, prefix } = parseS3Path(location);
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'sparkify-read-'));
  try {
    const objects = await listObjects(s3Client(), bucket, prefix);
    if (objects.length === 0) throw new Error(`${location}: the table has no files`);
    await mapPool(
      objects,
      16,
      (o) => getObject(s3Client(), bucket, o.key),
      (o, content) => {
        const local = path.join(staging, o.key.slice(joinKey(prefix).length + 1));
        fs.mkdirSync(path.dirname(local), { recursive: true });
        fs.writeFileSync(local, content);
      },
    );
    return readTableAt(staging, tableName);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}
