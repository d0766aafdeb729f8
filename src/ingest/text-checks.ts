import * as os from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { SourceDef } from '../catalog/types';
import { startWorker } from '../core/worker-thread';
import type { PayloadCheck } from './native-text-check';

/** A check asked of the worker: a local file by its path, or JSON bytes (copied to the worker). */
export type TextCheckRequest = { id: number; path: string } | { id: number; payload: Uint8Array };
/** Its answer: checkFileForPolars' verdict (the keys as a list), or the error that stopped it. */
export interface TextCheckReply {
  id: number;
  check: (Omit<PayloadCheck, 'declaredKeys'> & { declaredKeys: string[] }) | null;
  error?: string;
}

/**
 * Worker threads for the check of a large file's text, the JSON reader's validation that runs beside Polars' parse
 * (native-text-check.ts). On the main thread the check was the read's longest stretch (10M events: ~12 s of
 * regular expressions over 4.4 GB), it waited behind everything else there (the small song files, the spill into
 * buckets), and its 1 MB strings set off a full garbage collection every ~64 MB, each one tracing the main heap
 * (250,000 listed song files: 10M events' logs read in 24 s instead of 14.5 s). A worker's heap holds nothing else.
 * One worker per two cores: Polars' parse needs the others. Started on the first check, so a read of small files
 * starts none.
 */
export class TextChecks {
  private workers: Worker[] = [];
  private readonly waiting = new Map<number, { resolve: (check: PayloadCheck | null) => void; reject: (err: Error) => void }>();
  private nextId = 0;
  /** Why the workers stopped (a crash, or close): every check asked after fails with it. */
  private stopped: Error | null = null;

  constructor(
    private readonly source: SourceDef,
    private readonly workerCount = Math.max(1, Math.min(4, Math.floor(os.availableParallelism() / 2))),
  ) {}

  /** The check of a plain JSON file on local disk, read piece by piece by the worker. */
  file(localPath: string): Promise<PayloadCheck | null> {
    return this.ask((id) => ({ id, path: localPath }));
  }

  /** The check of a file's JSON bytes (a copy goes to the worker). */
  payload(payload: Buffer): Promise<PayloadCheck | null> {
    return this.ask((id) => ({ id, payload }));
  }

  /** Stops the workers; a check still waiting fails. */
  async close(): Promise<void> {
    const workers = this.workers;
    this.workers = [];
    this.stopped ??= new Error('the text checks were closed');
    await Promise.all(workers.map((w) => w.terminate()));
    this.failAll(this.stopped);
  }

  private ask(request: (id: number) => TextCheckRequest): Promise<PayloadCheck | null> {
    if (this.stopped) return Promise.reject(this.stopped);
    if (this.workers.length === 0) this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      // Round robin: the files are asked for in read order, so each worker's queue stays in that order too.
      this.workers[id % this.workers.length].postMessage(request(id));
    });
  }

  private start(): void {
    this.workers = Array.from({ length: this.workerCount }, () => {
      const worker = startWorker('ingest/text-check-worker.js', this.source);
      worker.on('message', (reply: TextCheckReply) => this.answer(reply));
      worker.on('error', (err) => {
        this.stopped ??= err;
        this.failAll(err);
      });
      return worker;
    });
  }

  private answer(reply: TextCheckReply): void {
    const waiter = this.waiting.get(reply.id);
    if (!waiter) return;
    this.waiting.delete(reply.id);
    if (reply.error !== undefined) waiter.reject(new Error(reply.error));
    else waiter.resolve(reply.check && { ...reply.check, declaredKeys: new Set(reply.check.declaredKeys) });
  }

  private failAll(err: Error): void {
    for (const { reject } of this.waiting.values()) reject(err);
    this.waiting.clear();
  }
}
