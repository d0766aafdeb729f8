import { EMRClient } from '@aws-sdk/client-emr';
import { S3Client } from '@aws-sdk/client-s3';

/**
 * The kit's AWS clients. Region and credentials come only from the SDK's default chain (AWS_PROFILE,
 * AWS_REGION, the shared config, instance roles); an endpoint only from AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL_EMR /
 * AWS_ENDPOINT_URL (an S3-compatible server or an emulator), in which case S3 uses path-style addresses
 * (bucket names in the path), as such servers expect.
 */
export interface AwsClients {
  emr: EMRClient;
  s3: S3Client;
}

export function endpointFor(service: 'S3' | 'EMR', env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env[`AWS_ENDPOINT_URL_${service}`] || env.AWS_ENDPOINT_URL || undefined;
}

export function createAwsClients(env: NodeJS.ProcessEnv = process.env): AwsClients {
  // The pinned SDK runs on Node 20, but warns on every start that its 2027 releases will not: noise on every
  // command (and a multi-line stderr where errors are one line). The SDK's own switch; set it to see the warning.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const s3Endpoint = endpointFor('S3', env);
  const emrEndpoint = endpointFor('EMR', env);
  return {
    emr: new EMRClient({ ...(emrEndpoint ? { endpoint: emrEndpoint } : {}) }),
    s3: new S3Client({ ...(s3Endpoint ? { endpoint: s3Endpoint, forcePathStyle: true } : {}) }),
  };
}

/** The region the default chain resolves, or undefined when none is configured. */
export async function resolvedRegion(clients: AwsClients): Promise<string | undefined> {
  try {
    return await clients.emr.config.region();
  } catch {
    return undefined;
  }
}
