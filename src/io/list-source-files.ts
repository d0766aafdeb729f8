import { listLocalSourceFiles, type SourceFile } from '../ingest/source-files';
import { isS3Path } from '../storage/s3-uri';
import { listS3SourceFiles } from './s3/s3-source-files';

/** The data files of one source folder of an input, a local folder or an s3:// prefix alike. */
export function listSourceFiles(input: string, folder: string, onListed?: (listed: number) => void): Promise<SourceFile[]> {
  return isS3Path(input) ? listS3SourceFiles(input, folder, onListed) : listLocalSourceFiles(input, folder);
}

/**
 * Files fetched at once: S3 reads are latency-bound (one request per small object), so far more of them are
 * in flight than local reads. SPARKIFY_READ_CONCURRENCY overrides both.
 */
export function readConcurrency(input: string): number {
  const override = Number(process.env.SPARKIFY_READ_CONCURRENCY);
  if (Number.isInteger(override) && override > 0) return override;
  return isS3Path(input) ? 64 : 16;
}
