import type { S3Client } from '@aws-sdk/client-s3';
import { UserError } from '../../errors';
import { decodeText } from '../../ingest/text-lines';
import { awsCall } from '../../storage/aws-errors';
import { parseS3Uri } from '../../storage/s3-uri';
import { getObjectOrNull } from '../../storage/s3-storage';

export interface LogTail {
  uri: string;
  lines: string[];
  totalLines: number;
}

/** The last `lines` lines of a log object on S3 (gzipped or not); `missing` is the error when it is not there yet. */
export async function readLogTail(s3: S3Client, uri: string, lines: number, missing: string): Promise<LogTail> {
  const { bucket, key } = parseS3Uri(uri);
  const body = await awsCall(`S3 GetObject ${uri}`, () => getObjectOrNull(s3, bucket, key));
  if (body === null) throw new UserError(missing);
  const all = decodeText(body).replace(/\n$/, '').split('\n');
  return { uri, lines: all.slice(-lines), totalLines: all.length };
}

/**
 * The line of a Spark driver's log that says why the job failed: the last exception line (a Python `…Error: …`
 * or a Java `…Exception: …`), preferring a `Caused by:` root cause; null when there is none.
 */
export function failureLine(lines: string[]): string | null {
  const exception = /^(Caused by: )?[\w.$]+(Error|Exception)\b.*$/;
  const found = lines.map((l) => l.trim()).filter((l) => exception.test(l));
  const cause = found.filter((l) => l.startsWith('Caused by: ')).pop();
  return cause ?? found.pop() ?? null;
}
