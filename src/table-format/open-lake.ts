import { openStorage } from '../storage/open-storage';
import type { Storage } from '../storage/storage';
import { openTableFormat } from './open-table-format';
import type { TableFormat } from './table-format';

/**
 * A lake opened once: where it is, its bytes and its table format (which reads and writes through the same
 * storage). A command or a run opens it at its entry and passes it down, rather than the location to open again.
 */
export interface Lake {
  /** A folder or an s3:// prefix, as given. */
  readonly location: string;
  readonly storage: Storage;
  readonly format: TableFormat;
}

/** The lake at a location (a folder or an s3:// prefix); nothing is read until it is used. */
export function openLake(location: string): Lake {
  const storage = openStorage(location);
  return { location, storage, format: openTableFormat(location, storage) };
}

/** An opened lake as it is, or the lake at a location (for callers that hold only one: tests, notebooks). */
export function asLake(lake: Lake | string): Lake {
  return typeof lake === 'string' ? openLake(lake) : lake;
}

/** Where a lake is, opened or not (for messages, and checks made before opening it). */
export function lakeLocation(lake: Lake | string): string {
  return typeof lake === 'string' ? lake : lake.location;
}
