import type { LogStore, StoredObject } from '../../delta/log-store';
import type { Storage } from '../../storage/storage';

/**
 * A Delta table's log store on the kit's shared storage layer (a folder or S3, one client, one error mapper):
 * `putIfAbsent` is the storage's atomic create (link(2) in a folder, `If-None-Match: *` on S3).
 */
export function storageLogStore(storage: Storage): LogStore {
  return {
    location: storage.root,
    read: (key) => storage.read(key),
    putIfAbsent: (key, body) => storage.putIfAbsent(key, body),
    put: (key, body) => storage.write(key, body),
    delete: (keys) => storage.delete(keys),
    localPath: (key) => storage.localPath(key),
    async list(prefix: string, startAfter?: string): Promise<StoredObject[]> {
      // The storage lists folders; the log store lists by key prefix: list the prefix's folder, then filter.
      const folder = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/')) : '';
      return (await storage.list(folder))
        .filter((o) => o.key.startsWith(prefix) && (startAfter === undefined || o.key > startAfter))
        .map((o) => ({ key: o.key, size: o.size, modified: o.modified.getTime() }))
        .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    },
  };
}
