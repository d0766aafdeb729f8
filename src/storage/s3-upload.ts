import * as fs from 'node:fs';
import * as path from 'node:path';
import { mapPool } from '../pool';
import { libStorage } from './aws-s3-sdk';
import { s3Client } from './s3-client';
import { joinKey, parseS3Uri } from './s3-uri';

/** Parts of 8 MiB: files above that go up as multipart uploads, their parts four at a time. */
const PART_SIZE = 8 * 1024 * 1024;

/** Uploads one file: a single PUT when small, else a multipart upload that streams the file rather than load it. */
export async function uploadFile(file: string, bucket: string, key: string): Promise<void> {
  const small = fs.statSync(file).size <= PART_SIZE;
  await new (libStorage().Upload)({
    client: s3Client(),
    params: { Bucket: bucket, Key: key, Body: small ? fs.readFileSync(file) : fs.createReadStream(file) },
    partSize: PART_SIZE,
    queueSize: 4,
  }).done();
}

/**
 * Uploads every file under `dir` to the same relative keys under the s3:// `location`, `concurrency` at a time.
 * Files named `_SUCCESS` go last, so their presence means everything beside them is there (Spark's convention).
 */
export async function uploadDir(
  dir: string,
  location: string,
  concurrency = 16,
  onFile: (done: number, total: number, bytes: number) => void = () => {},
): Promise<{ files: number; bytes: number }> {
  const { bucket, key: prefix } = parseS3Uri(location);
  const files = listFiles(dir);
  const [markers, data] = [files.filter((f) => path.basename(f) === '_SUCCESS'), files.filter((f) => path.basename(f) !== '_SUCCESS')];
  let done = 0;
  let bytes = 0;
  const upload = async (rel: string) => {
    const full = path.join(dir, rel);
    await uploadFile(full, bucket, joinKey(prefix, rel));
    return fs.statSync(full).size;
  };
  const count = (_rel: string, size: number) => {
    bytes += size;
    onFile(++done, files.length, bytes);
  };
  await mapPool(data, concurrency, upload, count);
  await mapPool(markers, concurrency, upload, count);
  return { files: files.length, bytes };
}

/** Files below dir, relative with "/" separators. */
function listFiles(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath ?? (e as unknown as { path: string }).path, e.name)).split(path.sep).join('/'))
    .sort();
}
