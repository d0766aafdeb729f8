import { SOURCES } from '../../catalog/sources';
import { UserError } from '../../errors';
import { s3Client } from '../../storage/s3-client';
import { userErrorFromS3 } from './s3-errors';
import { hasObjects } from './s3-objects';
import { joinKey, parseS3Path } from '../../storage/s3-uri';

/**
 * Checks an s3:// input before any work, one request per source folder: a missing bucket, no rights, or a
 * prefix without song_data/ and log_data/ objects is one clear error, not a half-run.
 */
export async function checkS3Input(input: string): Promise<void> {
  const { bucket, prefix } = parseS3Path(input);
  const missing: string[] = [];
  for (const source of SOURCES) {
    try {
      if (!(await hasObjects(s3Client(), bucket, joinKey(prefix, source.folder)))) missing.push(source.folder);
    } catch (err) {
      userErrorFromS3(err, input);
    }
  }
  if (missing.length > 0) {
    throw new UserError(`input ${input} has no objects under ${missing.map((m) => `${m}/`).join(' or ')}; it must hold song_data/ and log_data/`);
  }
}
