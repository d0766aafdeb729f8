import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../errors';
import { tableFiles } from './read-table';

/**
 * The few file operations the quality tools need on a lake beyond reading tables: small text files (the run
 * manifest, the quarantine), and the data files of a table with their sizes. Local folders only for now;
 * s3:// goes through the same functions once the lake's S3 support provides them.
 */

export interface DataFile {
  /** Relative to the table location, `/`-separated (partition folders included). */
  path: string;
  bytes: number;
}

function localOnly(location: string): void {
  if (/^s3a?:\/\//.test(location)) throw new UserError(`${location}: s3:// lakes are not supported by this command yet; copy the lake to a folder`);
}

/** A location below another: path.join would collapse the `//` of s3://. */
export function joinLocation(base: string, ...parts: string[]): string {
  return /^s3a?:\/\//.test(base) ? [base.replace(/\/+$/, ''), ...parts].join('/') : path.join(base, ...parts);
}

export async function lakeLocationExists(location: string): Promise<boolean> {
  localOnly(location);
  return fs.existsSync(location);
}

/** The text of a small file, or null when it does not exist. */
export async function readLakeText(location: string): Promise<string | null> {
  localOnly(location);
  try {
    return await fs.promises.readFile(location, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

export async function writeLakeText(location: string, text: string): Promise<void> {
  localOnly(location);
  await fs.promises.mkdir(path.dirname(location), { recursive: true });
  await fs.promises.writeFile(location, text);
}

/** The Parquet files of a table (tableFiles' listing) with their sizes. */
export async function listTableFiles(tableLocation: string): Promise<DataFile[]> {
  localOnly(tableLocation);
  return Promise.all(
    tableFiles(tableLocation).map(async (rel) => ({ path: rel, bytes: (await fs.promises.stat(path.join(tableLocation, rel))).size })),
  );
}
