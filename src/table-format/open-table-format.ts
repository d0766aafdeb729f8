import type { Storage } from '../storage/storage';
import { DeltaFormat } from './delta/delta-format';
import type { TableFormat } from './table-format';

/**
 * The table format of a lake (a folder or an s3:// prefix): Delta Lake. The one place a format is chosen. `storage`
 * is the lake's, when it is open already (src/table-format/open-lake.ts).
 */
export function openTableFormat(output: string, storage?: Storage): TableFormat {
  return new DeltaFormat(output, storage);
}
