import * as fs from 'node:fs';
import * as path from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { tableFiles } from '../table-format/parquet-table';
import { isHidden } from '../ingest/source-files';
import { s3Client } from '../storage/s3-client';
import { readS3Pointer } from '../table-format/hive-pointers/s3-lake';
import { getObject, hasObjects, listObjects } from './s3/s3-objects';
import { formatS3Path, isS3Path, joinKey, parseS3Path } from '../storage/s3-uri';

/**
 * The few file operations the quality tools need on a lake beyond reading tables — small text files (the run
 * manifest, the quarantine), the data files of a table with their sizes, where a published table lives —
 * for a local folder or an s3:// prefix alike.
 */

export interface DataFile {
  /** Relative to the table location, `/`-separated (partition folders included). */
  path: string;
  bytes: number;
}

/** A location below another: path.join would collapse the `//` of s3://. */
export function joinLocation(base: string, ...parts: string[]): string {
  return isS3Path(base) ? [base.replace(/\/+$/, ''), ...parts].join('/') : path.join(base, ...parts);
}

/**
 * Where the published `name` of a lake lives, or null when it was never published. Locally the name is a
 * symlink readers follow; on S3 the pointer `_current/<name>.json` names the version prefix.
 */
export async function publishedLocation(output: string, name: string): Promise<string | null> {
  if (!isS3Path(output)) return fs.existsSync(path.join(output, name)) ? path.join(output, name) : null;
  const pointer = await readS3Pointer(output, name);
  if (!pointer) return null;
  const { bucket, prefix } = parseS3Path(output);
  return formatS3Path({ bucket, prefix: joinKey(prefix, pointer.location) });
}

export async function lakeLocationExists(location: string): Promise<boolean> {
  if (!isS3Path(location)) return fs.existsSync(location);
  const { bucket, prefix } = parseS3Path(location);
  return hasObjects(s3Client(), bucket, prefix);
}

/** The text of a small file, or null when it does not exist. */
export async function readLakeText(location: string): Promise<string | null> {
  if (isS3Path(location)) {
    const { bucket, prefix } = parseS3Path(location);
    try {
      return (await getObject(s3Client(), bucket, prefix)).toString('utf8');
    } catch (err) {
      if ((err as { name?: string }).name === 'NoSuchKey') return null;
      throw err;
    }
  }
  try {
    return await fs.promises.readFile(location, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

export async function writeLakeText(location: string, text: string): Promise<void> {
  if (isS3Path(location)) {
    const { bucket, prefix } = parseS3Path(location);
    await s3Client().send(new PutObjectCommand({ Bucket: bucket, Key: prefix, Body: text }));
    return;
  }
  await fs.promises.mkdir(path.dirname(location), { recursive: true });
  await fs.promises.writeFile(location, text);
}

/** The Parquet files of a table (names starting with `_` or `.` skipped, as readers do) with their sizes. */
export async function listTableFiles(tableLocation: string): Promise<DataFile[]> {
  if (isS3Path(tableLocation)) {
    const { bucket, prefix } = parseS3Path(tableLocation);
    const objects = await listObjects(s3Client(), bucket, prefix);
    return objects
      .map((o) => ({ path: o.key.slice(joinKey(prefix).length + 1), bytes: o.size }))
      .filter((f) => f.path.endsWith('.parquet') && !f.path.split('/').some(isHidden))
      .sort((a, b) => (a.path < b.path ? -1 : 1));
  }
  return Promise.all(
    tableFiles(tableLocation).map(async (rel) => ({ path: rel, bytes: (await fs.promises.stat(path.join(tableLocation, rel))).size })),
  );
}
