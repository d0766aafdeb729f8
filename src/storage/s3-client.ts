import type { S3Client } from '@aws-sdk/client-s3';
import { clientS3 } from './aws-s3-sdk';

/** The AWS services the kit calls; AWS_ENDPOINT_URL_<SERVICE> points one at an emulator. */
export type AwsService = 'S3' | 'EMR' | 'EMR_SERVERLESS' | 'GLUE';

/**
 * The settings every AWS client of the kit shares, from the environment only: credentials and region from the
 * SDK's default chain (AWS_PROFILE, AWS_REGION, environment keys, instance and container roles), the endpoint from
 * AWS_ENDPOINT_URL_<SERVICE> or AWS_ENDPOINT_URL. Throttling and transient errors are retried by the SDK's standard
 * retry strategy (exponential backoff with jitter); AWS_MAX_ATTEMPTS / AWS_RETRY_MODE override it.
 */
export function awsClientSettings(service: AwsService, env: NodeJS.ProcessEnv = process.env) {
  // The pinned SDK warns on every start that its 2027 releases need a newer Node: noise on every command (and a
  // multi-line stderr where errors are one line). The SDK's own switch; a user's setting wins.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const endpoint = endpointFor(service, env);
  return {
    ...(endpoint ? { endpoint } : {}),
    // The SDK asks for a region even for a local endpoint; a real bucket still needs the right one.
    region: env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined,
    maxAttempts: env.AWS_MAX_ATTEMPTS ? undefined : 6,
    retryMode: env.AWS_RETRY_MODE ? undefined : 'standard',
  };
}

export function endpointFor(service: AwsService, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env[`AWS_ENDPOINT_URL_${service}`] || env.AWS_ENDPOINT_URL || undefined;
}

let shared: S3Client | null = null;

/**
 * The one S3 client. A custom endpoint (an S3-compatible server) gets path-style addressing, since such servers
 * rarely resolve bucket subdomains.
 */
export function s3Client(): S3Client {
  return (shared ??= newS3Client());
}

/** A new S3 client with the shared settings (for a caller that keeps its own, like the EMR engine's). */
export function newS3Client(env: NodeJS.ProcessEnv = process.env): S3Client {
  const settings = awsClientSettings('S3', env);
  return new (clientS3().S3Client)({
    ...settings,
    forcePathStyle: settings.endpoint ? true : undefined,
    // Enough sockets for the read pool: the default agent would queue requests beyond its own limit.
    requestHandler: { httpAgent: { keepAlive: true, maxSockets: 256 }, httpsAgent: { keepAlive: true, maxSockets: 256 } },
  });
}
