import { UserError } from '../../errors';

export interface S3Location {
  bucket: string;
  key: string;
}

/** s3://, and the s3n:// / s3a:// forms EMR and Hadoop report (DescribeCluster returns LogUri as s3n://). */
const S3_URI = /^s3[na]?:\/\/([^/]+)\/?(.*)$/;

export function isS3Uri(uri: string): boolean {
  return S3_URI.test(uri);
}

export function parseS3Uri(uri: string): S3Location {
  const match = S3_URI.exec(uri);
  if (!match) throw new UserError(`"${uri}" is not an s3:// location`);
  return { bucket: match[1], key: match[2] };
}

/** The location without trailing slashes, so `s3://b/p/` and `s3://b/p` compare equal. */
export function trimSlash(uri: string): string {
  return uri.replace(/\/+$/, '');
}

/** Joins an s3:// prefix and path parts with single slashes, always as s3://. */
export function s3Join(prefix: string, ...parts: string[]): string {
  const { bucket, key } = parseS3Uri(prefix);
  const segments = [key, ...parts].map((p) => p.replace(/^\/+|\/+$/g, '')).filter((p) => p !== '');
  return `s3://${bucket}/${segments.join('/')}`;
}
