import { gunzipSync } from 'node:zlib';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { EMRClient } from '@aws-sdk/client-emr';
import { UserError } from '../../errors';
import { awsUserError } from './aws-errors';
import { describeStepStatus } from './step-status';
import { parseS3Uri, s3Join } from './s3-uri';

/**
 * Where EMR puts a step's logs: `<LogUri>/<cluster id>/steps/<step id>/` holds controller.gz, stdout.gz and
 * stderr.gz (gzipped, copied from the primary node about every five minutes, and once more when the step ends).
 * For a spark-submit in cluster mode, stderr holds the client's report: the YARN application id, its final
 * state and the driver's exception when the job failed.
 */
export function stepLogUri(logUri: string, clusterId: string, stepId: string, file = 'stderr.gz'): string {
  return s3Join(logUri, clusterId, 'steps', stepId, file);
}

export interface StepLogTail {
  uri: string;
  lines: string[];
  totalLines: number;
}

/** The last `lines` lines of a step's stderr, found from the cluster's own LogUri unless one is given. */
export async function readStepStderrTail(
  clients: { emr: EMRClient; s3: S3Client },
  clusterId: string,
  stepId: string,
  lines: number,
  logUri?: string,
): Promise<StepLogTail> {
  let base = logUri;
  if (!base) {
    const status = await describeStepStatus(clients.emr, clusterId, stepId);
    base = status.cluster.LogUri;
    if (!base) throw new UserError(`cluster ${clusterId} has no log URI, so its step logs were not kept; give --log-uri if they are elsewhere`);
  }
  const uri = stepLogUri(base, clusterId, stepId);
  const { bucket, key } = parseS3Uri(uri);
  let body: Uint8Array;
  try {
    const object = await clients.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    body = await object.Body!.transformToByteArray();
  } catch (err) {
    if ((err as Error).name === 'NoSuchKey') {
      throw new UserError(`no stderr for step ${stepId} at ${uri} yet: EMR copies step logs there every few minutes and when the step ends; try again shortly`);
    }
    throw awsUserError(err, `S3 GetObject ${uri}`);
  }
  const text = isGzip(body) ? gunzipSync(body).toString('utf8') : Buffer.from(body).toString('utf8');
  const all = text.replace(/\n$/, '').split('\n');
  return { uri, lines: all.slice(-lines), totalLines: all.length };
}

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}
