import { DeltaFormat } from './delta/delta-format';
import type { TableFormat } from './table-format';

/** The table format of a lake (a folder or an s3:// prefix): Delta Lake. The one place a format is chosen. */
export function openTableFormat(output: string): TableFormat {
  return new DeltaFormat(output);
}
