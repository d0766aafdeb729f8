import { requiredString, type Values } from '../core/command';
import { openStorage } from '../storage/open-storage';

/**
 * The lake a reading command was pointed at (--output), checked before any work: missing credentials, region or
 * rights, or a bucket that does not exist, are one line and exit 2, as for etl, not the SDK's text.
 */
export async function lakeToRead(values: Values): Promise<string> {
  const lake = requiredString(values, 'output');
  await openStorage(lake).check();
  return lake;
}
