import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { LogStore, StoredObject } from './log-store';

/** A hidden name in the same folder (so rename and link stay on one file system; listings skip dot-files). */
function tempBeside(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${randomUUID()}.tmp`);
}

/** A table in a local folder. putIfAbsent is an exclusive create (open flag 'wx'): the OS refuses a second one. */
export class FolderLogStore implements LogStore {
  constructor(readonly root: string) {}

  get location(): string {
    return this.root;
  }

  private file(key: string): string {
    return path.join(this.root, ...key.split('/'));
  }

  async read(key: string): Promise<Buffer | null> {
    try {
      return await fs.promises.readFile(this.file(key));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async putIfAbsent(key: string, body: Buffer | string): Promise<boolean> {
    const file = this.file(key);
    await fs.promises.mkdir(path.dirname(file), { recursive: true });
    // Complete the bytes beside the target first, then take the name with link(2), which fails with EEXIST
    // when the name exists: exclusive like open(…, 'wx'), but a reader never sees a half-written commit.
    const temp = tempBeside(file);
    const handle = await fs.promises.open(temp, 'wx');
    try {
      await handle.writeFile(body);
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await fs.promises.link(temp, file);
      return true;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') return false;
      if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EXDEV') return this.createExclusive(file, body);
      throw err;
    } finally {
      await fs.promises.rm(temp, { force: true });
    }
  }

  /** For file systems without hard links: an exclusive create (open flag 'wx'), never an overwrite. */
  private async createExclusive(file: string, body: Buffer | string): Promise<boolean> {
    let handle: fs.promises.FileHandle;
    try {
      handle = await fs.promises.open(file, 'wx');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw err;
    }
    try {
      await handle.writeFile(body);
      await handle.sync();
    } finally {
      await handle.close();
    }
    return true;
  }

  async put(key: string, body: Buffer | string): Promise<void> {
    const file = this.file(key);
    await fs.promises.mkdir(path.dirname(file), { recursive: true });
    // Write beside, then rename over: a reader sees the old object or the new one, never half of one.
    const temp = tempBeside(file);
    await fs.promises.writeFile(temp, body);
    await fs.promises.rename(temp, file);
  }

  async list(prefix: string, startAfter?: string): Promise<StoredObject[]> {
    const out: StoredObject[] = [];
    // Walk only the folder the prefix names, then filter by the rest of the prefix.
    const slash = prefix.lastIndexOf('/');
    const baseKey = slash < 0 ? '' : prefix.slice(0, slash + 1);
    const walk = async (dirKey: string): Promise<void> => {
      let entries: fs.Dirent[];
      try {
        entries = await fs.promises.readdir(this.file(dirKey), { withFileTypes: true });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
        throw err;
      }
      for (const entry of entries) {
        const key = dirKey + entry.name;
        if (entry.isDirectory()) {
          if ((key + '/').startsWith(prefix) || prefix.startsWith(key + '/')) await walk(key + '/');
        } else if (entry.isFile() && !entry.name.startsWith('.') && key.startsWith(prefix) && (startAfter === undefined || key > startAfter)) {
          const stat = await fs.promises.stat(this.file(key));
          out.push({ key, size: stat.size, modified: stat.mtimeMs });
        }
      }
    };
    await walk(baseKey);
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async delete(keys: string[]): Promise<void> {
    for (const key of keys) await fs.promises.rm(this.file(key), { force: true });
  }
}
