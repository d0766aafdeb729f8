import { FolderStorage } from './folder-storage';
import { S3Storage } from './s3-storage';
import { isS3Uri } from './s3-uri';
import type { Storage } from './storage';

/** The storage of a location: an s3:// (s3a://, s3n://) prefix, or a local folder. The one place that tells them apart. */
export function openStorage(location: string): Storage {
  return isS3Uri(location) ? new S3Storage(location) : new FolderStorage(location);
}
