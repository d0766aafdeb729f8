import { S3Client } from '@aws-sdk/client-s3';

let shared: S3Client | null = null;

/**
 * The S3 client, configured only from the environment: credentials and region from the SDK's default chain
 * (AWS_PROFILE, environment keys, instance and container roles), the endpoint from AWS_ENDPOINT_URL_S3 /
 * AWS_ENDPOINT_URL. A custom endpoint (an S3-compatible server) gets path-style addressing, since such servers
 * rarely resolve bucket subdomains. Throttling and transient errors are retried by the SDK's standard retry
 * strategy (exponential backoff with jitter); AWS_MAX_ATTEMPTS overrides the attempts.
 */
export function s3Client(): S3Client {
  if (shared) return shared;
  // The SDK prints a multi-line notice on Node 20 about its releases from 2027 on; the version here is pinned
  // (package-lock.json) and supports Node 20, so the notice is noise on every run. A user's setting wins.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const customEndpoint = Boolean(process.env.AWS_ENDPOINT_URL_S3 || process.env.AWS_ENDPOINT_URL);
  shared = new S3Client({
    forcePathStyle: customEndpoint || undefined,
    // The SDK asks for a region even for a local endpoint; a real bucket still needs the right one.
    region: process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION || undefined,
    maxAttempts: process.env.AWS_MAX_ATTEMPTS ? undefined : 6,
    retryMode: process.env.AWS_RETRY_MODE ? undefined : 'standard',
    // Enough sockets for the read pool: the default agent would queue requests beyond its own limit.
    requestHandler: { httpAgent: { keepAlive: true, maxSockets: 256 }, httpsAgent: { keepAlive: true, maxSockets: 256 } },
  });
  return shared;
}
