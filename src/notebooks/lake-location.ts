import * as fs from 'node:fs';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { newS3Client } from '../storage/s3-client';
import { isS3Uri } from '../storage/s3-uri';
import { openStorage } from '../storage/open-storage';
import { UserError } from '../errors';
import { scratchDir } from './params';

/** The bucket a notebook makes for itself on a local S3 server (AWS_ENDPOINT_URL): never one on AWS. */
export const LOCAL_S3_BUCKET = 'sparkify-notebooks';

/** Where a notebook writes its lake, and why there. */
export interface NotebookLake {
  location: string;
  onS3: boolean;
  /** One line for the reader: where the lake is and what decided it. */
  note: string;
  /** Deletes the lake when the notebook made it (a scratch folder, or a prefix on a local S3 server); leaves a lake you named. */
  remove(): Promise<void>;
}

/**
 * Chooses the lake of a notebook: `s3Lake` when given (credentials from the AWS default chain); else, with
 * AWS_ENDPOINT_URL(_S3) set, `s3://sparkify-notebooks/<name>` on that local S3 server (the bucket is made here:
 * the regression run starts moto and sets it); else a scratch folder. Real credentials alone do not pick a
 * bucket: there is no bucket of yours to guess, so the note says to set `s3Lake`.
 */
export async function notebookLake(name: string, s3Lake: string, env: NodeJS.ProcessEnv = process.env): Promise<NotebookLake> {
  const given = (env.SPARKIFY_NB_S3_LAKE || s3Lake).trim();
  if (given !== '') {
    if (!isS3Uri(given)) throw new UserError(`s3Lake must be an s3:// location, got "${given}"`);
    return { location: given, onS3: true, note: `the lake is ${given} (s3Lake; credentials and region from the AWS default chain); it is left in place at the end`, remove: async () => {} };
  }
  const endpoint = env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL;
  if (endpoint) {
    const location = `s3://${LOCAL_S3_BUCKET}/${name}`;
    await createBucketIfMissing(LOCAL_S3_BUCKET, env);
    return {
      location,
      onS3: true,
      note: `AWS_ENDPOINT_URL is set (a local S3 server, as in the regression run): the lake is ${location}, in a bucket this notebook made there`,
      remove: () => removeAll(location),
    };
  }
  const folder = scratchDir(name);
  const credentials = env.AWS_ACCESS_KEY_ID || env.AWS_PROFILE;
  return {
    location: folder,
    onS3: false,
    note: credentials
      ? `AWS credentials are set but s3Lake is empty: the lake is a scratch folder; set s3Lake = 's3://YOUR-BUCKET/prefix' to write it to S3`
      : `no AWS_ENDPOINT_URL and no AWS credentials: the lake is a scratch folder; set s3Lake (with credentials) or AWS_ENDPOINT_URL to write it to S3`,
    remove: async () => fs.rmSync(folder, { recursive: true, force: true }),
  };
}

async function createBucketIfMissing(bucket: string, env: NodeJS.ProcessEnv): Promise<void> {
  try {
    await newS3Client(env).send(new CreateBucketCommand({ Bucket: bucket }));
  } catch (err) {
    if ((err as Error).name !== 'BucketAlreadyOwnedByYou' && (err as Error).name !== 'BucketAlreadyExists') throw err;
  }
}

async function removeAll(location: string): Promise<void> {
  const storage = openStorage(location);
  await storage.delete((await storage.list()).map((o) => o.key));
}

/** The top level of a lake (folder or S3 prefix) and of one table in it: names ending in `/` are folders. */
export async function lakeListing(location: string, below = ''): Promise<string[]> {
  const objects = await openStorage(location).list(below);
  const names = new Set(objects.map((o) => {
    const rest = below ? o.key.slice(below.length + 1) : o.key;
    const slash = rest.indexOf('/');
    return (below ? `${below}/` : '') + (slash < 0 ? rest : rest.slice(0, slash + 1));
  }));
  return [...names].sort();
}
