import type { Lake } from './lake';
import { LocalLake } from './local-lake';
import { S3Lake } from './s3/s3-lake';
import { isS3Path } from './s3/s3-path';

/** The lake for an output location: an s3:// prefix or a local folder, with the same publish rules. */
export function openLake(output: string): Lake {
  return isS3Path(output) ? new S3Lake(output) : new LocalLake(output);
}
