import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import pl from 'nodejs-polars';

const BUCKET_COLUMN = '_bucket';

/**
 * Raw events spilled to local Arrow IPC files in buckets by user, so that a large input is modelled one bucket at
 * a time instead of all at once. A bucket holds every event of its users: the duplicate-delivery key holds the
 * user, and users' latest level ranks within one user, so those models give the same rows per bucket as on the
 * whole input. Logged-out events (no user id) are spread by session instead, which their duplicate key also holds.
 */
export class EventBuckets {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sparkify-buckets-'));
  private files = 0;

  constructor(readonly count: number) {}

  /** Appends one frame of raw events (as read: `userId` the raw string) to the buckets. */
  add(frame: pl.DataFrame): void {
    // The user id as stg_events computes it (an empty userId is no user), so "007" and "7" share a bucket.
    const userId = pl.col('userId').cast(pl.Int64, false);
    const bucket = userId.fillNull(pl.col('sessionId')).modulo(this.count).alias(BUCKET_COLUMN);
    for (const part of frame.withColumn(bucket).partitionBy(BUCKET_COLUMN, true, true)) {
      const index = part.getColumn(BUCKET_COLUMN).get(0) as number;
      const folder = path.join(this.dir, String(index));
      fs.mkdirSync(folder, { recursive: true });
      part.drop(BUCKET_COLUMN).writeIPC(path.join(folder, `${String(this.files++).padStart(6, '0')}.arrow`), { compression: 'lz4' });
    }
  }

  /** One bucket's events, in the order they were added (null when the bucket got none). */
  read(index: number): pl.DataFrame | null {
    const folder = path.join(this.dir, String(index));
    if (!fs.existsSync(folder)) return null;
    const frames = fs
      .readdirSync(folder)
      .sort()
      // From the bytes: nodejs-polars 0.26's readIPC(path) fails on its own files ("InvalidFooter").
      .map((name) => pl.readIPC(fs.readFileSync(path.join(folder, name))));
    return pl.concat(frames, { how: 'vertical', rechunk: true });
  }

  remove(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
