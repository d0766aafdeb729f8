import { awsCall } from '../../storage/aws-errors';
import { S3Storage } from '../../storage/s3-storage';
import type { PointerLake } from './pointer-lake';
import { newPointer, parsePointer, pointerName, versionName, VERSIONS_DIR, type TablePointer } from './table-pointer';

/**
 * A lake under an s3:// prefix. S3 has no rename, so nothing is ever moved: each run writes every table to a
 * fresh version prefix `_versions/<name>/<run>/`, and publishing replaces one small pointer object
 * `_current/<name>.json` that names the version (a PUT replaces an object atomically, and reads after it see
 * it). A failed or killed run never touched a pointer, so readers stay on the previous complete versions.
 *
 * Old versions are pruned at publish: the new one and the one it replaced stay (a reader may still be on it),
 * and so does any version newer than the replaced one, since it may belong to a run still writing.
 */
export class S3Lake implements PointerLake {
  private names: string[] = [];
  private readonly storage: S3Storage;

  constructor(readonly root: string) {
    this.storage = new S3Storage(root);
  }

  async begin(runId: string, names: string[]): Promise<Record<string, string>> {
    this.names = names;
    // Fail on a missing bucket or missing rights now, not after the whole build.
    await this.storage.check();
    return this.plannedLocations(runId, names);
  }

  plannedLocations(runId: string, names: string[]): Record<string, string> {
    return Object.fromEntries(names.map((name) => [name, this.storage.locationOf(versionName(name, runId))]));
  }

  async publish(runId: string, name: string): Promise<void> {
    const previous = await this.current(name);
    await this.storage.write(pointerName(name), JSON.stringify(newPointer(name, runId), null, 2) + '\n');
    const floor = previous?.run ?? runId;
    for (const version of await this.versions(name)) {
      if (version !== runId && version < floor) await this.deletePrefix(versionName(name, version));
    }
  }

  async end(runId: string, succeeded: boolean): Promise<void> {
    if (succeeded) return;
    for (const name of this.names) {
      if ((await this.current(name))?.run !== runId) await this.deletePrefix(versionName(name, runId));
    }
  }

  /** The published pointer of a table, or null when it was never published. */
  async current(name: string): Promise<TablePointer | null> {
    const text = await awsCall(this.root, () => this.storage.read(pointerName(name)), 'storage');
    return text === null ? null : parsePointer(text.toString('utf8'), this.storage.locationOf(pointerName(name)));
  }

  async publishedLocation(name: string): Promise<string | null> {
    const pointer = await this.current(name);
    return pointer ? this.storage.locationOf(pointer.location) : null;
  }

  /** Run ids with a version of `name`, sorted. */
  private async versions(name: string): Promise<string[]> {
    const base = `${VERSIONS_DIR}/${name}/`;
    const runs = new Set((await this.storage.list(`${VERSIONS_DIR}/${name}`)).map((o) => o.key.slice(base.length).split('/')[0]));
    return [...runs].sort();
  }

  private async deletePrefix(rel: string): Promise<void> {
    await this.storage.delete((await this.storage.list(rel)).map((o) => o.key));
  }
}
