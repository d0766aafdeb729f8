import type { LogStore } from '../delta';
import { joinLocation } from '../storage/location';
import { openStorage } from '../storage/open-storage';
import { storageLogStore } from '../table-format/delta/storage-log-store';

/** The Delta table of one star table in a lake: `LAKE/<table>/` (its `_delta_log/` beside its data), a folder or S3. */
export function deltaTableStore(lake: string, table: string): LogStore {
  return storageLogStore(openStorage(joinLocation(lake, table)));
}
