import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type pl from 'nodejs-polars';
import { readTable, readTableDir } from './read-table';
import { s3Client } from './s3/s3-client';
import { readS3Pointer } from './s3/s3-lake';
import { getObject, listObjects } from './s3/s3-objects';
import { formatS3Path, isS3Path, joinKey, parseS3Path } from './s3/s3-path';
import { mapPool } from './pool';

/**
 * Reads a published table of an output, a folder or an s3:// prefix. On S3 it follows the table's pointer
 * (`_current/<table>.json`) to the published version, as any reader of the lake must, and reads that version's
 * Parquet files (downloaded to a temporary folder, then read as a local table).
 */
export async function readPublishedTable(output: string, tableName: string): Promise<pl.DataFrame> {
  if (!isS3Path(output)) return readTable(output, tableName);
  const pointer = await readS3Pointer(output, tableName);
  if (!pointer) throw new Error(`${output}: table ${tableName} was never published (no ${'_current'}/${tableName}.json)`);
  const { bucket, prefix } = parseS3Path(output);
  const version = joinKey(prefix, pointer.location);
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'sparkify-read-'));
  try {
    const objects = await listObjects(s3Client(), bucket, version);
    await mapPool(
      objects,
      16,
      (o) => getObject(s3Client(), bucket, o.key),
      (o, content) => {
        const local = path.join(staging, o.key.slice(version.length + 1));
        fs.mkdirSync(path.dirname(local), { recursive: true });
        fs.writeFileSync(local, content);
      },
    );
    if (objects.length === 0) throw new Error(`${formatS3Path({ bucket, prefix: version })}: the published version has no files`);
    return readTableDir(staging, tableName);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}
