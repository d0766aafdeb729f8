import * as fs from 'node:fs';
import { SOURCES } from '../catalog/sources';
import { UserError } from '../errors';
import { awsCall } from '../storage/aws-errors';
import { openStorage } from '../storage/open-storage';

/**
 * Checks an input as a whole before any work, a folder or an s3:// prefix (one request per source folder): a wrong
 * folder, a missing bucket, no rights, or no song_data/ and log_data/ is one clear error, not a half-run.
 */
export async function checkInput(input: string): Promise<void> {
  const storage = openStorage(input);
  const folder = storage.localPath('');
  if (folder !== undefined) {
    const stat = fs.statSync(folder, { throwIfNoEntry: false });
    if (!stat) throw new UserError(`input folder ${input} does not exist`);
    if (!stat.isDirectory()) throw new UserError(`input ${input} is not a folder`);
  }
  const missing: string[] = [];
  for (const source of SOURCES) {
    if (!(await awsCall(input, () => storage.exists(source.folder), 'storage'))) missing.push(source.folder);
  }
  if (missing.length === 0) return;
  const what = folder !== undefined ? `${missing.join(' or ')} folder` : `objects under ${missing.map((m) => `${m}/`).join(' or ')}`;
  throw new UserError(`input ${input} has no ${what}; it must hold song_data/ and log_data/`);
}
