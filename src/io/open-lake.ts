import type { Lake } from '../table-format/hive-pointers/lake';
import { LocalLake } from '../table-format/hive-pointers/folder-lake';
import { S3Lake } from '../table-format/hive-pointers/s3-lake';
import { isS3Path } from '../storage/s3-uri';

/** The lake for an output location: an s3:// prefix or a local folder, with the same publish rules. */
export function openLake(output: string): Lake {
  return isS3Path(output) ? new S3Lake(output) : new LocalLake(output);
}
