import { UserError } from '../../errors';

/**
 * Turns the S3 errors a user can fix (no such bucket, access denied, no credentials) into one-line UserErrors
 * naming the location; anything else is rethrown as it is.
 */
export function userErrorFromS3(err: unknown, location: string): never {
  const e = err as { name?: string; Code?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const code = e.name ?? e.Code ?? '';
  const status = e.$metadata?.httpStatusCode;
  if (code === 'NoSuchBucket' || (code === 'NotFound' && status === 404)) {
    throw new UserError(`${location}: the bucket does not exist (check the name, the region and AWS_ENDPOINT_URL)`);
  }
  if (code === 'AccessDenied' || code === 'Forbidden' || code === 'InvalidAccessKeyId' || code === 'SignatureDoesNotMatch' || status === 403) {
    throw new UserError(`${location}: access denied (${code || 'HTTP 403'}); check AWS_PROFILE or the credentials and their permissions`);
  }
  if (code === 'CredentialsProviderError') {
    throw new UserError(`${location}: no AWS credentials found; set AWS_PROFILE or the standard AWS_* variables`);
  }
  if (/region/i.test(e.message ?? '') && /missing/i.test(e.message ?? '')) {
    throw new UserError(`${location}: no AWS region configured; set AWS_REGION or a region in your AWS profile`);
  }
  throw err;
}
