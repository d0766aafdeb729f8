/**
 * Writes log_data/YYYY/MM/YYYY-MM-DD-events.json files one at a time, through a stream with
 * backpressure: lines are copied into ~1 MB buffers and the writer waits for 'drain' when the disk is
 * behind, so memory stays bounded however many events there are. Lines are separated by "\n" with no
 * newline after the last one, as in the real files.
 */
import { createWriteStream, promises as fsp, type WriteStream } from 'fs';
import { once } from 'events';
import { finished } from 'stream/promises';
import * as path from 'path';

const CHUNK = 1 << 20;
/** Several chunks may be in flight, so building lines overlaps with the disk writing the last ones. */
const HIGH_WATER = 4 * CHUNK;

export function dayFilePath(dayMs: number): string {
  const d = new Date(dayMs).toISOString(); // UTC: the real files split days at UTC midnight
  const [y, m] = [d.slice(0, 4), d.slice(5, 7)];
  return path.join('log_data', y, m, `${d.slice(0, 10)}-events.json`);
}

export class DayFiles {
  private stream: WriteStream | null = null;
  /** The chunk being filled. Lines are copied in one by one: cheaper than growing a 1 MB string rope. */
  private buf = Buffer.allocUnsafe(CHUNK);
  private used = 0;
  private lines = 0;
  private readonly madeDirs = new Set<string>();
  /** A stream error is kept and rethrown by the next call: an 'error' with no listener would crash Node. */
  private failure: Error | null = null;
  files = 0;
  bytes = 0;

  constructor(private readonly out: string) {}

  /** Starts the file of the UTC day beginning at dayMs (closing the previous one). */
  async open(dayMs: number): Promise<void> {
    await this.close();
    const file = path.join(this.out, dayFilePath(dayMs));
    const dir = path.dirname(file);
    if (!this.madeDirs.has(dir)) {
      await fsp.mkdir(dir, { recursive: true });
      this.madeDirs.add(dir);
    }
    this.stream = createWriteStream(file, { highWaterMark: HIGH_WATER });
    this.stream.on('error', (e) => (this.failure ??= e));
    this.files++;
    this.lines = 0;
  }

  /**
   * Adds a line (ASCII: every non-ASCII character is escaped). Returns a promise only when a full chunk
   * went to a stream that is already full: the caller awaits it, which is the backpressure.
   */
  add(line: string): Promise<void> | undefined {
    let pending: Promise<void> | undefined;
    const need = line.length + 1;
    if (this.used + need > this.buf.length) {
      pending = this.flush();
      if (need > this.buf.length) this.buf = Buffer.allocUnsafe(need);
    }
    if (this.lines++ > 0) this.buf[this.used++] = 0x0a;
    this.used += this.buf.write(line, this.used, 'latin1');
    return pending;
  }

  private flush(): Promise<void> | undefined {
    if (this.failure) throw this.failure;
    const stream = this.stream!;
    const full = this.buf.subarray(0, this.used);
    this.bytes += this.used;
    this.buf = Buffer.allocUnsafe(CHUNK); // the stream keeps the old one until it is written
    this.used = 0;
    if (stream.write(full)) return undefined;
    return once(stream, 'drain').then(() => undefined);
  }

  async close(): Promise<void> {
    const stream = this.stream;
    if (!stream) return;
    this.bytes += this.used;
    stream.end(this.buf.subarray(0, this.used));
    this.buf = Buffer.allocUnsafe(CHUNK);
    this.used = 0;
    this.stream = null;
    await finished(stream);
    if (this.failure) throw this.failure;
  }
}
