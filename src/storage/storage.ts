/** Why a listing did not follow a link: its target is outside the root, it loops, or it points at nothing. */
export type UnfollowedLink = 'symlink outside the input' | 'symlink loop' | 'broken symlink';

/** One object (or file) of a storage, its key relative to the storage's root, '/'-separated. */
export interface StoredObject {
  key: string;
  size: number;
  modified: Date;
  /** S3's ETag (a folder has none). */
  etag?: string;
  /** A local file's identity and last status change (a folder's files only): see LocalFileStat. */
  local?: LocalFileStat;
}

/**
 * A local file's inode and status-change time (ctime, ms with its fraction). Any write to a file moves its ctime,
 * and no tool can set it back (`touch -r`, `cp -p` restore mtime only): with the size and mtime, what git's index
 * trusts to tell that a file was not written since it was last read.
 */
export interface LocalFileStat {
  inode: number;
  changedMs: number;
}

/**
 * Where the kit reads and writes bytes: a local folder or an s3:// prefix, behind one small interface, so no other
 * module branches on the kind of location. Keys are relative to the root and '/'-separated.
 */
export interface Storage {
  /** The root: a folder path or an s3:// URI. */
  readonly root: string;
  /** The full location of a key (a path, or an s3:// URI), for tools that open it themselves (Spark, Polars). */
  locationOf(key: string): string;
  /** A storage rooted at `key` below this one. */
  child(key: string): Storage;
  /** The bytes of a key, or null when it does not exist. */
  read(key: string): Promise<Buffer | null>;
  /** The last `bytes` bytes of a key (all of it when shorter), or null when it does not exist: a Parquet footer
   *  without the file before it (S3: one ranged GET). */
  readTail(key: string, bytes: number): Promise<Buffer | null>;
  write(key: string, body: Buffer | string): Promise<void>;
  /** Writes only when the key does not exist yet; false when it does (an atomic create on both kinds). */
  putIfAbsent(key: string, body: Buffer | string): Promise<boolean>;
  /** Every object below `prefix` (all of them for ''), recursively, in key order; `onPage` sees the running count.
   *  With `unfollowed` (an input's listing), links that leave the root or loop are not followed but handed to it by
   *  their own key (a folder has links; S3 has none). */
  list(prefix?: string, onPage?: (listed: number) => void, unfollowed?: (key: string, reason: UnfollowedLink) => void): Promise<StoredObject[]>;
  /** The names of the folders directly below `prefix` (S3: its common prefixes), sorted; not what is in them. */
  folders(prefix?: string): Promise<string[]>;
  /** Whether anything exists below `prefix`: one cheap request. */
  exists(prefix?: string): Promise<boolean>;
  delete(keys: string[]): Promise<void>;
  /** A path on this machine holding a key's bytes as stored, when there is one (a folder); else undefined. */
  localPath(key: string): string | undefined;
  /**
   * Runs `write` on a local folder whose files end up under `prefix`: the folder itself for a local storage; a
   * staging folder, uploaded afterwards, for S3 (files named `_SUCCESS` last, as Spark does).
   */
  stage<T>(prefix: string, write: (dir: string) => T | Promise<T>, onUpload?: (done: number, total: number, bytes: number) => void): Promise<T>;
  /** Runs `use` on a local folder holding `keys` at their relative paths: the folder itself, or a download (S3). */
  withLocalFiles<T>(keys: string[], use: (dir: string) => T | Promise<T>): Promise<T>;
  /** Fails with one line when the storage cannot be used (no such bucket, no rights), before any work. */
  check(): Promise<void>;
  /** Fails with one line when nothing can be written here (a read-only folder or file system, a file in the way, no
   *  PutObject right), by writing and deleting a probe: a run asks before it reads any input. */
  checkWritable(): Promise<void>;
}
