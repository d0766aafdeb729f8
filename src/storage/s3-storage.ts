import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { mapPool } from '../pool';
import { clientS3 } from './aws-s3-sdk';
import { awsCall, isNoSuchKey } from './aws-errors';
import { s3Client } from './s3-client';
import { uploadDir } from './s3-upload';
import { formatS3Uri, joinKey, parseS3Uri } from './s3-uri';
import type { Storage, StoredObject } from './storage';

/** Objects fetched at once when a table is downloaded to be read. */
const DOWNLOAD_CONCURRENCY = 16;

/** A storage under an s3:// prefix, through the one S3 client. */
export class S3Storage implements Storage {
  readonly bucket: string;
  readonly prefix: string;

  constructor(readonly root: string) {
    const { bucket, key } = parseS3Uri(root);
    this.bucket = bucket;
    this.prefix = key;
  }

  locationOf(key: string): string {
    return formatS3Uri({ bucket: this.bucket, key: joinKey(this.prefix, key) });
  }

  child(key: string): Storage {
    return new S3Storage(this.locationOf(key));
  }

  read(key: string): Promise<Buffer | null> {
    return getObjectOrNull(s3Client(), this.bucket, joinKey(this.prefix, key));
  }

  /** One GET with a suffix range (`bytes=-N`): S3 answers with the object's last N bytes, all of it when shorter. */
  async readTail(key: string, bytes: number): Promise<Buffer | null> {
    const command = new (clientS3().GetObjectCommand)({ Bucket: this.bucket, Key: joinKey(this.prefix, key), Range: `bytes=-${bytes}` });
    // A Content-MD5 on a partial answer is the whole object's (S3-compatible servers such as moto echo the one it was
    // uploaded with; S3 sends none), yet the SDK would check the range's bytes against it and fail.
    const withoutObjectMd5 = (next: (args: unknown) => Promise<{ response: unknown }>) => async (args: unknown) => {
      const result = await next(args);
      const response = result.response as { statusCode?: number; headers?: Record<string, string> };
      if (response.statusCode === 206) delete response.headers?.['content-md5'];
      return result;
    };
    command.middlewareStack.addRelativeTo(withoutObjectMd5 as unknown as Parameters<typeof command.middlewareStack.addRelativeTo>[0], {
      relation: 'after',
      toMiddleware: 'flexibleChecksumsResponseMiddleware',
      name: 'partialContentWithoutObjectMd5',
    });
    try {
      const response = await s3Client().send(command);
      return Buffer.from(await response.Body!.transformToByteArray());
    } catch (err) {
      if (isNoSuchKey(err)) return null;
      // An empty object has no bytes to range over (416).
      if ((err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 416) return Buffer.alloc(0);
      throw err;
    }
  }

  // ContentLength always: without it the SDK warns (on stderr, "a Stream of unknown length") for an empty body.
  async write(key: string, body: Buffer | string): Promise<void> {
    await s3Client().send(new (clientS3().PutObjectCommand)({ Bucket: this.bucket, Key: joinKey(this.prefix, key), Body: body, ContentLength: Buffer.byteLength(body) }));
  }

  async putIfAbsent(key: string, body: Buffer | string): Promise<boolean> {
    try {
      // A conditional write: S3 refuses it when the key exists (412), or when another one races it (409).
      await s3Client().send(new (clientS3().PutObjectCommand)({ Bucket: this.bucket, Key: joinKey(this.prefix, key), Body: body, ContentLength: Buffer.byteLength(body), IfNoneMatch: '*' }));
      return true;
    } catch (err) {
      const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
      if (['PreconditionFailed', 'ConditionalRequestConflict'].includes(e.name ?? '') || [409, 412].includes(e.$metadata?.httpStatusCode ?? 0)) return false;
      throw err;
    }
  }

  /** Paginated (1,000 keys a page); no delimiter, so every object below the prefix. */
  async list(prefix = '', onPage: (listed: number) => void = () => {}): Promise<StoredObject[]> {
    const base = joinKey(this.prefix, prefix);
    const rootKey = this.prefix === '' ? '' : `${this.prefix}/`;
    const objects: StoredObject[] = [];
    let token: string | undefined;
    do {
      const page = await s3Client().send(
        new (clientS3().ListObjectsV2Command)({ Bucket: this.bucket, Prefix: base === '' ? '' : `${base}/`, ContinuationToken: token }),
      );
      for (const o of page.Contents ?? []) objects.push({ key: o.Key!.slice(rootKey.length), size: o.Size ?? 0, modified: o.LastModified ?? new Date(0), ...(o.ETag ? { etag: o.ETag } : {}) });
      onPage(objects.length);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return objects;
  }

  async folders(prefix = ''): Promise<string[]> {
    const base = joinKey(this.prefix, prefix);
    const listed = base === '' ? '' : `${base}/`;
    const folders: string[] = [];
    let token: string | undefined;
    do {
      const page = await s3Client().send(new (clientS3().ListObjectsV2Command)({ Bucket: this.bucket, Prefix: listed, Delimiter: '/', ContinuationToken: token }));
      for (const p of page.CommonPrefixes ?? []) folders.push(p.Prefix!.slice(listed.length).replace(/\/$/, ''));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return folders.sort();
  }

  async exists(prefix = ''): Promise<boolean> {
    const base = joinKey(this.prefix, prefix);
    const page = await s3Client().send(new (clientS3().ListObjectsV2Command)({ Bucket: this.bucket, Prefix: base === '' ? '' : `${base}/`, MaxKeys: 1 }));
    return (page.KeyCount ?? page.Contents?.length ?? 0) > 0;
  }

  async delete(keys: string[]): Promise<void> {
    for (let i = 0; i < keys.length; i += 1000) {
      const objects = keys.slice(i, i + 1000).map((key) => ({ Key: joinKey(this.prefix, key) }));
      await s3Client().send(new (clientS3().DeleteObjectsCommand)({ Bucket: this.bucket, Delete: { Objects: objects, Quiet: true } }));
    }
  }

  localPath(): undefined {
    return undefined;
  }

  /** Written locally, then uploaded: Polars' own S3 writer blocks the event loop and gives no retries or progress. */
  async stage<T>(prefix: string, write: (dir: string) => T | Promise<T>, onUpload?: (done: number, total: number, bytes: number) => void): Promise<T> {
    const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'sparkify-upload-'));
    try {
      const result = await write(path.join(staging, 'data'));
      await uploadDir(path.join(staging, 'data'), this.locationOf(prefix), 16, onUpload);
      return result;
    } finally {
      fs.rmSync(staging, { recursive: true, force: true });
    }
  }

  async withLocalFiles<T>(keys: string[], use: (dir: string) => T | Promise<T>): Promise<T> {
    const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'sparkify-read-'));
    try {
      await mapPool(keys, DOWNLOAD_CONCURRENCY, (key) => this.read(key), (key, content) => {
        if (content === null) throw new Error(`${this.locationOf(key)} disappeared while it was read`);
        const local = path.join(staging, ...key.split('/'));
        fs.mkdirSync(path.dirname(local), { recursive: true });
        fs.writeFileSync(local, content);
      });
      return await use(staging);
    } finally {
      fs.rmSync(staging, { recursive: true, force: true });
    }
  }

  /** One listing request: a missing bucket or missing rights is one clear error now, not after the whole run. */
  async check(): Promise<void> {
    await awsCall(this.root, () => this.exists(), 'storage');
  }

  async checkWritable(): Promise<void> {
    // A probe under a hidden name, which table readers and the kit's listings skip, deleted at once.
    const probe = `_sparkify-write-check/${process.pid}-${Math.random().toString(16).slice(2)}`;
    await awsCall(`${this.root} (a probe write)`, async () => {
      await this.write(probe, '');
      await this.delete([probe]);
    }, 'storage');
  }
}

/** An object's bytes, or null when there is no such key: the one "GET or null" (other failures are thrown). */
export async function getObjectOrNull(client: S3Client, bucket: string, key: string): Promise<Buffer | null> {
  try {
    const response = await client.send(new (clientS3().GetObjectCommand)({ Bucket: bucket, Key: key }));
    return Buffer.from(await response.Body!.transformToByteArray());
  } catch (err) {
    if (isNoSuchKey(err)) return null;
    throw err;
  }
}
