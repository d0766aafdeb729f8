import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../../errors';
import type { PointerLake } from './pointer-lake';
import { newPointer, parsePointer, pointerName } from './table-pointer';

/**
 * A lake in a local folder. Each table is a symlink `<name>` to a complete version folder
 * `_versions/<name>/<run>`; publishing renames a new symlink over the old one, and rename(2) is atomic.
 * Readers that open `<name>/…` (Spark, Polars, pandas) follow the link. Folders starting with `_` are ignored
 * by Spark, Hive and Athena when they read the output folder. Beside the symlink it writes the same pointer
 * file as the S3 lake (`_current/<name>.json`, replaced by rename), so a reader that follows pointers works on both.
 */
export class LocalLake implements PointerLake {
  static readonly VERSIONS = '_versions';
  static readonly LOCK = '_lock';

  constructor(readonly root: string) {}

  async begin(runId: string, names: string[]): Promise<Record<string, string>> {
    fs.mkdirSync(this.root, { recursive: true });
    this.lock();
    return this.plannedLocations(runId, names);
  }

  plannedLocations(runId: string, names: string[]): Record<string, string> {
    return Object.fromEntries(names.map((name) => [name, this.versionDir(name, runId)]));
  }

  async publish(runId: string, name: string): Promise<void> {
    const link = path.join(this.root, name);
    const previous = this.versionFolder(name);
    const existing = fs.lstatSync(link, { throwIfNoEntry: false });
    if (existing && !existing.isSymbolicLink()) {
      // A plain folder (another tool's output): move it among the versions so the swap stays one rename.
      fs.renameSync(link, this.versionDir(name, `${runId}-replaced`));
    }
    const tmpLink = path.join(this.root, `.${name}.${runId}.link`);
    fs.symlinkSync(path.join(LocalLake.VERSIONS, name, runId), tmpLink, 'dir');
    fs.renameSync(tmpLink, link);
    const pointer = path.join(this.root, pointerName(name));
    fs.mkdirSync(path.dirname(pointer), { recursive: true });
    fs.writeFileSync(`${pointer}.${runId}.tmp`, JSON.stringify(newPointer(name, runId), null, 2) + '\n');
    fs.renameSync(`${pointer}.${runId}.tmp`, pointer);
    // Keep the new version and the one it replaced (a reader may still be on it); drop the rest,
    // including versions that killed runs left unpublished.
    const keep = new Set([runId, path.basename(previous ?? '')]);
    for (const version of fs.readdirSync(path.join(this.root, LocalLake.VERSIONS, name))) {
      if (!keep.has(version)) fs.rmSync(this.versionDir(name, version), { recursive: true, force: true });
    }
  }

  async end(runId: string, succeeded: boolean): Promise<void> {
    if (!succeeded) {
      const versions = path.join(this.root, LocalLake.VERSIONS);
      for (const name of fs.existsSync(versions) ? fs.readdirSync(versions) : []) {
        if (this.versionFolder(name) !== this.versionDir(name, runId)) {
          fs.rmSync(this.versionDir(name, runId), { recursive: true, force: true });
        }
      }
    }
    fs.rmSync(path.join(this.root, LocalLake.LOCK), { force: true });
  }

  /** The pointer of a published output, or null when it was never published. */
  async current(name: string): Promise<{ run: string } | null> {
    const file = path.join(this.root, pointerName(name));
    if (!fs.existsSync(file)) return null;
    return parsePointer(fs.readFileSync(file, 'utf8'), file);
  }

  /** Readers open `<root>/<name>`, which the symlink points at the published version. */
  async publishedLocation(name: string): Promise<string | null> {
    return this.versionFolder(name) === null ? null : path.join(this.root, name);
  }

  /** The version folder a published table points at, or null when it was never published. */
  versionFolder(name: string): string | null {
    const link = path.join(this.root, name);
    const stat = fs.lstatSync(link, { throwIfNoEntry: false });
    if (!stat) return null;
    return stat.isSymbolicLink() ? path.resolve(this.root, fs.readlinkSync(link)) : link;
  }

  versionDir(name: string, runId: string): string {
    return path.join(this.root, LocalLake.VERSIONS, name, runId);
  }

  private lock(): void {
    const lockFile = path.join(this.root, LocalLake.LOCK);
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(fs.readFileSync(lockFile, 'utf8'));
      if (pid && pid !== process.pid && isAlive(pid)) {
        throw new UserError(`another run (pid ${pid}) is writing to ${this.root}; wait for it, or remove ${lockFile} if it is gone`);
      }
      // The lock of a run that was killed: take it over.
      fs.writeFileSync(lockFile, String(process.pid));
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
