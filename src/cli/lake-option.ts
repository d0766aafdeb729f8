import { requiredString, type Values } from '../core/options';
import { openLake, type Lake } from '../table-format/open-lake';

/**
 * The lake a reading command was pointed at (--output), checked before any work: missing credentials, region or
 * rights, or a bucket that does not exist, are one line and exit 2, as for etl, not the SDK's text. Opened once
 * here, and passed down.
 */
export async function lakeToRead(values: Values): Promise<Lake> {
  const lake = openLake(requiredString(values, 'output'));
  await lake.storage.check();
  return lake;
}
