/**
 * The storage a Delta table lives on, as this module needs it. Keys are relative to the table root
 * (`_delta_log/00000000000000000000.json`, `year=2018/month=11/part-….parquet`). Thin on purpose: the kit
 * implements it on its shared storage layer (folder | S3), see `storageLogStore` in src/table-format/delta/.
 */
export interface StoredObject {
  key: string;
  size: number;
  /** Last modification, milliseconds since the epoch. */
  modified: number;
}

export interface LogStore {
  /** A readable name for messages (a folder path or an s3:// URI). */
  readonly location: string;
  /** The object's bytes, or null when it does not exist. */
  read(key: string): Promise<Buffer | null>;
  /** Creates the object only if no object has that key: true when written, false when it already existed. */
  putIfAbsent(key: string, body: Buffer | string): Promise<boolean>;
  /** Creates or replaces the object (for `_last_checkpoint` and checkpoints, which the protocol lets writers replace). */
  put(key: string, body: Buffer | string): Promise<void>;
  /** Every object whose key starts with prefix, sorted by key; only keys greater than startAfter when given. */
  list(prefix: string, startAfter?: string): Promise<StoredObject[]>;
  /** Deletes the objects; a key that does not exist is not an error. */
  delete(keys: string[]): Promise<void>;
  /** A path on this machine holding the object's bytes (a folder table, read in place); undefined on S3. */
  localPath?(key: string): string | undefined;
}
