import { DeleteObjectsCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import type { Lake } from './lake';
import { newPointer, parsePointer, pointerName, versionName, VERSIONS_DIR, type TablePointer } from './table-pointer';
import { s3Client } from '../../storage/s3-client';
import { userErrorFromS3 } from '../../io/s3/s3-errors';
import { listObjects } from '../../io/s3/s3-objects';
import { formatS3Path, joinKey, parseS3Path } from '../../storage/s3-uri';

/**
 * A lake under an s3:// prefix. S3 has no rename, so nothing is ever moved: each run writes every table to a
 * fresh version prefix `_versions/<name>/<run>/`, and publishing replaces one small pointer object
 * `_current/<name>.json` that names the version (a PUT replaces an object atomically, and reads after it see
 * it). A failed or killed run never touched a pointer, so readers stay on the previous complete versions.
 *
 * Old versions are pruned at publish: the new one and the one it replaced stay (a reader may still be on it),
 * and so does any version newer than the replaced one, since it may belong to a run still writing.
 */
export class S3Lake implements Lake {
  private names: string[] = [];

  constructor(readonly root: string) {}

  async begin(runId: string, names: string[]): Promise<Record<string, string>> {
    this.names = names;
    // Fail on a missing bucket or missing rights now, not after the whole build.
    const { bucket, prefix } = parseS3Path(this.root);
    try {
      await s3Client().send(new ListObjectsV2Command({ Bucket: bucket, Prefix: joinKey(prefix, VERSIONS_DIR) + '/', MaxKeys: 1 }));
    } catch (err) {
      userErrorFromS3(err, this.root);
    }
    return Object.fromEntries(names.map((name) => [name, this.location(versionName(name, runId))]));
  }

  async publish(runId: string, name: string): Promise<void> {
    const previous = await this.current(name);
    const { bucket, prefix } = parseS3Path(this.root);
    await s3Client().send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: joinKey(prefix, pointerName(name)),
        Body: JSON.stringify(newPointer(name, runId), null, 2) + '\n',
        ContentType: 'application/json',
      }),
    );
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
    return readS3Pointer(this.root, name);
  }

  location(rel: string): string {
    const { bucket, prefix } = parseS3Path(this.root);
    return formatS3Path({ bucket, prefix: joinKey(prefix, rel) });
  }

  /** Run ids with a version of `name`, sorted. */
  private async versions(name: string): Promise<string[]> {
    const { bucket, prefix } = parseS3Path(this.root);
    const runs = new Set<string>();
    const base = joinKey(prefix, VERSIONS_DIR, name) + '/';
    for (const o of await listObjects(s3Client(), bucket, joinKey(prefix, VERSIONS_DIR, name))) runs.add(o.key.slice(base.length).split('/')[0]);
    return [...runs].sort();
  }

  private async deletePrefix(rel: string): Promise<void> {
    const { bucket, prefix } = parseS3Path(this.root);
    const keys = (await listObjects(s3Client(), bucket, joinKey(prefix, rel))).map((o) => o.key);
    for (let i = 0; i < keys.length; i += 1000) {
      await s3Client().send(
        new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys.slice(i, i + 1000).map((Key) => ({ Key })), Quiet: true } }),
      );
    }
  }
}

/** Reads `<root>/_current/<name>.json` under an s3:// output, or null when the table was never published. */
export async function readS3Pointer(root: string, name: string): Promise<TablePointer | null> {
  const { bucket, prefix } = parseS3Path(root);
  const key = joinKey(prefix, pointerName(name));
  try {
    const response = await s3Client().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return parsePointer(await response.Body!.transformToString(), `s3://${bucket}/${key}`);
  } catch (err) {
    if ((err as { name?: string }).name === 'NoSuchKey') return null;
    throw err;
  }
}
