import { UserError } from '../errors';

/** The parts of an AWS SDK error the kit looks at. */
interface AwsError {
  name?: string;
  message?: string;
  code?: string;
  Code?: string;
  $metadata?: { httpStatusCode?: number };
}

const ACCESS_DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'AuthorizationError']);
const BAD_CREDENTIALS = new Set(['InvalidClientTokenId', 'UnrecognizedClientException', 'InvalidAccessKeyId', 'SignatureDoesNotMatch', 'ExpiredToken', 'ExpiredTokenException']);

/**
 * How to fix an access denial depends on who asked: the lake's reads and writes need plain S3 rights, an EMR run
 * the list of permissions in docs/spark-emr.md.
 */
export type AwsCaller = 'storage' | 'emr';

/**
 * The one mapper of AWS failures (S3 and EMR alike) to one line that says what failed and what to do; `action`
 * names the call or the location ("EMR DescribeStep", "S3 PutObject s3://bucket/key", "s3://bucket/prefix").
 * Errors that are not from AWS pass through unchanged.
 */
export function awsUserError(err: unknown, action: string, caller: AwsCaller = 'emr'): Error {
  const e = err as AwsError;
  const name = e?.name ?? '';
  const message = oneLine(e?.message ?? String(err));
  if (err instanceof UserError) return err;
  // A 403 whose body is not the API's format (moto answers JSON-protocol services in XML) has no error name.
  if (e?.$metadata?.httpStatusCode === 403 && (name === 'SyntaxError' || name === '' || name === 'Error')) {
    return new UserError(`${action}: access denied (HTTP 403); the credentials in use are not valid or lack the permissions listed in docs/spark-emr.md (IAM permissions)`);
  }
  if (caller === 'storage' && (ACCESS_DENIED.has(name) || name === 'Forbidden' || e?.$metadata?.httpStatusCode === 403)) {
    return new UserError(`${action}: access denied (${name || 'HTTP 403'}); check AWS_PROFILE or the credentials and their permissions`);
  }
  if (name === 'NoSuchBucket' || (name === 'NotFound' && e?.$metadata?.httpStatusCode === 404)) {
    return new UserError(`${action}: the bucket does not exist (check the name, the region and AWS_ENDPOINT_URL)`);
  }
  if (ACCESS_DENIED.has(name) || (e?.$metadata?.httpStatusCode === 403 && !BAD_CREDENTIALS.has(name))) {
    return new UserError(`${action}: access denied (${name || 'HTTP 403'}: ${message}); the credentials in use need the permissions listed in docs/spark-emr.md (IAM permissions)`);
  }
  if (BAD_CREDENTIALS.has(name)) {
    return new UserError(`${action}: the AWS credentials were rejected (${name}: ${message}); check AWS_PROFILE or your credentials`);
  }
  if (name === 'CredentialsProviderError' || /Could not load credentials/i.test(message)) {
    return new UserError(`${action}: no AWS credentials found; set AWS_PROFILE or the standard AWS_* variables, or configure credentials (aws configure)`);
  }
  // An empty AWS_REGION (exported but unset) is refused by the SDK as an invalid region, not a missing one.
  if (/Region is missing/i.test(message) || /Region not accepted: region="" /i.test(message)) {
    return new UserError(`${action}: no AWS region configured; set AWS_REGION or a region in your AWS profile`);
  }
  if (/Region not accepted/i.test(message)) {
    return new UserError(`${action}: the AWS region is not valid (${message}); check AWS_REGION or the region in your AWS profile`);
  }
  if (name === 'NoSuchKey' || name === 'NotFound') return new UserError(`${action}: no such object`);
  if (name === 'InvalidRequestException' || name === 'ResourceNotFoundException' || name === 'ValidationException') {
    return new UserError(`${action}: ${message} (${name})`);
  }
  const code = e?.code ?? '';
  if (['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'ECONNRESET', 'EAI_AGAIN'].includes(code)) {
    return new UserError(`${action}: cannot reach the AWS endpoint (${code}: ${message}); check your network or AWS_ENDPOINT_URL`);
  }
  if (name === 'SyntaxError' && e?.$metadata) {
    return new Error(`${action}: the endpoint answered HTTP ${e.$metadata.httpStatusCode} with a body that is not the API's (a proxy or emulator error?)`);
  }
  if (name && e?.$metadata) return new Error(`${action}: ${name}: ${message}`);
  return err instanceof Error ? err : new Error(String(err));
}

/** Runs one AWS call and reports its failure as `awsUserError` does. */
export async function awsCall<T>(action: string, call: () => Promise<T>, caller: AwsCaller = 'emr'): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw awsUserError(err, action, caller);
  }
}

/** Whether an error is S3's answer for a key that does not exist. */
export function isNoSuchKey(err: unknown): boolean {
  const name = (err as { name?: string }).name;
  return name === 'NoSuchKey' || name === 'NotFound';
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
