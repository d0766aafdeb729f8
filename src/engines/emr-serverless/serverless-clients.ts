import { EMRServerlessClient } from '@aws-sdk/client-emr-serverless';
import type { S3Client } from '@aws-sdk/client-s3';
import { awsClientSettings, newS3Client } from '../../storage/s3-client';

/**
 * The engine's AWS clients, from the SDK's default chain only (storage/s3-client.ts); an emulator's endpoint from
 * AWS_ENDPOINT_URL_EMR_SERVERLESS or AWS_ENDPOINT_URL.
 */
export interface ServerlessClients {
  emrServerless: EMRServerlessClient;
  s3: S3Client;
}

export function createServerlessClients(env: NodeJS.ProcessEnv = process.env): ServerlessClients {
  return { emrServerless: new EMRServerlessClient(awsClientSettings('EMR_SERVERLESS', env)), s3: newS3Client(env) };
}
