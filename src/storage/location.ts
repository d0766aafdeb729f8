import * as path from 'node:path';
import { isS3Uri } from './s3-uri';

/** A location below another, a folder or an s3:// prefix: path.join would collapse the `//` of s3://. */
export function joinLocation(base: string, ...parts: string[]): string {
  return isS3Uri(base) ? [base.replace(/\/+$/, ''), ...parts].join('/') : path.join(base, ...parts);
}
