import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { QuarantinedRecord } from '../core/quarantined-record';
import { QUARANTINE_FILE } from '../core/run-contract';
import type { Storage } from '../storage/storage';

/** Lines are gathered up to this many characters before one write: few system calls, little held. */
const FLUSH_CHARS = 2 ** 20;

/**
 * A source's quarantine, written as it is found: each record is appended as one JSON line to a temporary file
 * rather than held, so a quarantine of any size (1M bad events: ~600 MB of JSON) costs the reader a
 * megabyte of memory. It keeps the count and the first few records. `publishQuarantine` puts the sinks' files,
 * in order, at the run's quarantine location.
 */
export class QuarantineSink {
  readonly file: string;
  count = 0;
  /** The first records, as written (for messages). */
  readonly first: QuarantinedRecord[] = [];
  private pending: string[] = [];
  private pendingChars = 0;
  private fd: number | null;

  constructor(
    readonly source: string,
    private readonly keepFirst = 5,
  ) {
    this.file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sparkify-quarantine-')), `${source}.jsonl`);
    this.fd = fs.openSync(this.file, 'w');
  }

  add(record: QuarantinedRecord): void {
    if (this.fd === null) throw new Error(`the quarantine of ${this.source} is closed`);
    const line = JSON.stringify(record) + '\n';
    this.pending.push(line);
    this.pendingChars += line.length;
    this.count++;
    if (this.first.length < this.keepFirst) this.first.push(record);
    if (this.pendingChars >= FLUSH_CHARS) this.flush();
  }

  /** Writes what is pending and closes the file; adding after this fails. */
  close(): void {
    if (this.fd === null) return;
    this.flush();
    fs.closeSync(this.fd);
    this.fd = null;
  }

  /** Deletes the temporary file (closing it first). */
  remove(): void {
    if (this.fd !== null) {
      fs.closeSync(this.fd);
      this.fd = null;
    }
    fs.rmSync(path.dirname(this.file), { recursive: true, force: true });
  }

  private flush(): void {
    if (this.pending.length === 0 || this.fd === null) return;
    fs.writeSync(this.fd, this.pending.join(''));
    this.pending = [];
    this.pendingChars = 0;
  }
}

/**
 * Writes the sinks' records, one source after the other (each in the order found: files in path order, then
 * lines), as the run's quarantine file at `storage` (a folder, or an s3:// prefix staged locally then uploaded):
 * streamed file to file, never held as one string.
 */
export async function publishQuarantine(storage: Storage, sinks: QuarantineSink[]): Promise<void> {
  for (const sink of sinks) sink.close();
  await storage.stage('', async (dir) => {
    await fs.promises.mkdir(dir, { recursive: true });
    const target = path.join(dir, QUARANTINE_FILE);
    const tmp = `${target}.${process.pid}.tmp`;
    const out = fs.createWriteStream(tmp);
    try {
      for (const sink of sinks) await pipeline(fs.createReadStream(sink.file), out, { end: false });
    } finally {
      await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    }
    await fs.promises.rename(tmp, target);
  });
}
