import { UserError } from '../../errors';
import { isS3Uri } from './s3-uri';

/** On EMR everything is read and written by the cluster, so the input and every output must be on S3. */
export function checkS3Locations(input: string, locations: Record<string, string>): void {
  if (!isS3Uri(input)) throw new UserError(`--engine emr reads the input on the cluster: give --input as s3://BUCKET/PREFIX, not "${input}"`);
  const local = Object.entries(locations).filter(([, location]) => !isS3Uri(location));
  if (local.length > 0) throw new UserError(`--engine emr writes the tables from the cluster: give --output as s3://BUCKET/PREFIX (got ${local[0][1]})`);
}
