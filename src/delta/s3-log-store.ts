import {
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import type { LogStore, StoredObject } from './log-store';

/**
 * A table under s3://bucket/prefix. putIfAbsent is a conditional PUT (`If-None-Match: *`), which S3 has honoured
 * since 2024: of two PUTs of one key, the second gets 412 Precondition Failed (or 409 ConditionalRequestConflict
 * while the first is still in flight), so no commit is ever overwritten and no lock service is needed.
 */
export class S3LogStore implements LogStore {
  private readonly prefix: string;

  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    prefix: string,
  ) {
    this.prefix = prefix.replace(/^\/+|\/+$/g, '');
  }

  /** Parses `s3://bucket/prefix/table` into a store (the client is the caller's, configured from the environment). */
  static fromUri(client: S3Client, uri: string): S3LogStore {
    const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri);
    if (!m) throw new Error(`not an s3:// URI: ${uri}`);
    return new S3LogStore(client, m[1], m[2]);
  }

  get location(): string {
    return `s3://${this.bucket}/${this.prefix}`;
  }

  private objectKey(key: string): string {
    return this.prefix === '' ? key : `${this.prefix}/${key}`;
  }

  async read(key: string): Promise<Buffer | null> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
      return Buffer.from(await out.Body!.transformToByteArray());
    } catch (err) {
      if (err instanceof S3ServiceException && (err.name === 'NoSuchKey' || err.$metadata.httpStatusCode === 404)) return null;
      throw err;
    }
  }

  async putIfAbsent(key: string, body: Buffer | string): Promise<boolean> {
    try {
      await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key), Body: body, IfNoneMatch: '*' }));
      return true;
    } catch (err) {
      const status = err instanceof S3ServiceException ? err.$metadata.httpStatusCode : undefined;
      if (status === 412 || status === 409) return false;
      throw err;
    }
  }

  async put(key: string, body: Buffer | string): Promise<void> {
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key), Body: body }));
  }

  async list(prefix: string, startAfter?: string): Promise<StoredObject[]> {
    const out: StoredObject[] = [];
    const strip = this.prefix === '' ? 0 : this.prefix.length + 1;
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.bucket,
          Prefix: this.objectKey(prefix),
          StartAfter: startAfter === undefined || token ? undefined : this.objectKey(startAfter),
          ContinuationToken: token,
        }),
      );
      for (const o of page.Contents ?? []) {
        out.push({ key: o.Key!.slice(strip), size: o.Size ?? 0, modified: o.LastModified?.getTime() ?? 0 });
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return out;
  }

  async delete(keys: string[]): Promise<void> {
    // DeleteObjects takes at most 1,000 keys a request.
    for (let i = 0; i < keys.length; i += 1000) {
      const batch = keys.slice(i, i + 1000);
      const out = await this.client.send(
        new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: batch.map((k) => ({ Key: this.objectKey(k) })), Quiet: true } }),
      );
      if (out.Errors?.length) throw new Error(`could not delete ${out.Errors[0].Key} from ${this.location}: ${out.Errors[0].Message}`);
    }
  }
}
