import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type pl from 'nodejs-polars';
import type { TableDef } from '../../catalog/types';
import { isS3Path } from '../../storage/s3-uri';
import { uploadDir } from '../../storage/s3-upload';
import type { WrittenTable } from '../../core/run-contract';
import { writeTable } from './write-table';

/**
 * Writes a table to its location, a folder or an s3:// prefix. For S3 the Parquet files are written to a
 * local staging folder and uploaded from there (concurrently, multipart when large): Polars' own S3 writer
 * blocks the event loop and gives no retries or progress of ours.
 */
export async function writeTableTo(
  frame: pl.DataFrame,
  table: TableDef,
  location: string,
  onUpload?: (done: number, total: number, bytes: number) => void,
): Promise<WrittenTable> {
  if (!isS3Path(location)) return writeTable(frame, table, location);
  return withStaging(location, (dir) => writeTable(frame, table, dir), onUpload);
}

/** Writes one text file named `name` into a location, a folder or an s3:// prefix. */
export async function writeTextTo(location: string, name: string, content: string): Promise<void> {
  const write = (dir: string) => {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  };
  if (!isS3Path(location)) return write(location);
  await withStaging(location, write);
}

async function withStaging<T>(location: string, write: (dir: string) => T, onUpload?: (done: number, total: number, bytes: number) => void): Promise<T> {
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'sparkify-upload-'));
  try {
    const result = write(path.join(staging, 'data'));
    await uploadDir(path.join(staging, 'data'), location, 16, onUpload);
    return result;
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}
