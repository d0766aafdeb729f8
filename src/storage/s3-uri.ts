import { UserError } from '../errors';

/** An s3:// location: the bucket and a key prefix without leading or trailing slashes ("" for the bucket root). */
export interface S3Location {
  bucket: string;
  prefix: string;
}

export function isS3Path(location: string): boolean {
  return /^s3a?:\/\//i.test(location);
}

export function parseS3Path(location: string): S3Location {
  const match = /^s3a?:\/\/([^/]+)\/?(.*)$/i.exec(location);
  if (!match || match[1] === '') throw new UserError(`${location} is not an s3://bucket/prefix location`);
  return { bucket: match[1], prefix: match[2].replace(/^\/+|\/+$/g, '') };
}

export function formatS3Path(location: S3Location): string {
  return `s3://${location.bucket}/${location.prefix}`;
}

/** Joins key parts with "/", ignoring empty ones (the bucket root has an empty prefix). */
export function joinKey(...parts: string[]): string {
  return parts
    .map((p) => p.replace(/^\/+|\/+$/g, ''))
    .filter((p) => p !== '')
    .join('/');
}

/** The location under `location` named by `parts` (s3://b/p + a/b → s3://b/p/a/b). */
export function s3Child(location: string, ...parts: string[]): string {
  const { bucket, prefix } = parseS3Path(location);
  return formatS3Path({ bucket, prefix: joinKey(prefix, ...parts) });
}
