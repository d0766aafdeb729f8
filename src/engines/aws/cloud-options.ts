import { UserError } from '../../errors';
import { isS3Uri } from '../../storage/s3-uri';

/** `--tag KEY=VALUE` (repeatable, or comma-separated) as a map; a map given by code passes through. */
export function parseTags(tags: string[] | Record<string, string> | undefined): Record<string, string> {
  if (tags === undefined) return {};
  if (!Array.isArray(tags)) return tags;
  const parsed: Record<string, string> = {};
  for (const pair of tags.flatMap((t) => t.split(','))) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new UserError(`--tag must be KEY=VALUE, got "${pair}"`);
    parsed[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
  }
  return parsed;
}

/** In the cloud everything is read and written by the job, so the input and every output must be on S3. */
export function checkS3Locations(engine: string, input: string, locations: Record<string, string>): void {
  if (!isS3Uri(input)) throw new UserError(`--engine ${engine} reads the input in the cloud: give --input as s3://BUCKET/PREFIX, not "${input}"`);
  const local = Object.entries(locations).filter(([, location]) => !isS3Uri(location));
  if (local.length > 0) throw new UserError(`--engine ${engine} writes the tables from the cloud: give --output as s3://BUCKET/PREFIX (got ${local[0][1]})`);
}
