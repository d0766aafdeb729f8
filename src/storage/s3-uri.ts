import { UserError } from '../errors';

/** An s3:// location: the bucket and a key without leading or trailing slashes ("" for the bucket root). */
export interface S3Location {
  bucket: string;
  key: string;
}

/**
 * The one rule for S3 locations, any case: s3://, Hadoop's s3a:// (what Spark is given locally), and s3n://, which
 * EMR still reports (DescribeCluster returns LogUri as s3n://).
 */
const S3_URI = /^s3[an]?:\/\/([^/]*)\/?(.*)$/i;

export function isS3Uri(location: string): boolean {
  return S3_URI.test(location);
}

export function parseS3Uri(location: string): S3Location {
  const match = S3_URI.exec(location);
  if (!match || match[1] === '') throw new UserError(`"${location}" is not an s3://BUCKET/PREFIX location`);
  // S3 keys are not paths: `s3://lake/../../etc` would name keys starting `../../etc/`, which a local copy (Spark's
  // staging, a download) resolves outside its folder. No location of the kit has such a segment.
  if (match[1] === '.' || match[1] === '..' || match[2].split('/').some((part) => part === '.' || part === '..')) {
    throw new UserError(`"${location}" has a "." or ".." path segment: give the s3:// location without them`);
  }
  return { bucket: match[1], key: match[2].replace(/^\/+|\/+$/g, '') };
}

export function formatS3Uri(location: S3Location): string {
  return `s3://${location.bucket}/${location.key}`;
}

/** Joins key parts with "/", ignoring empty ones (the bucket root has an empty key). */
export function joinKey(...parts: string[]): string {
  return parts
    .map((p) => p.replace(/^\/+|\/+$/g, ''))
    .filter((p) => p !== '')
    .join('/');
}

/** The location under an s3:// prefix named by `parts`, always as s3:// (s3a://b/p + a/b → s3://b/p/a/b). */
export function s3Join(location: string, ...parts: string[]): string {
  const { bucket, key } = parseS3Uri(location);
  return formatS3Uri({ bucket, key: joinKey(key, ...parts) });
}

/** The location without trailing slashes, so `s3://b/p/` and `s3://b/p` compare equal. */
export function trimSlash(location: string): string {
  return location.replace(/\/+$/, '');
}
