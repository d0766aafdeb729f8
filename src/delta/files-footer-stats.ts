import type { TableDef } from '../catalog/types';
import { footerOfTail, footerStats } from './parquet-footer-stats';

/** What reading footers needs of the storage the files live on (the kit's Storage has it). */
export interface TailReader {
  /** The last `bytes` bytes of a key (all of it when shorter), or null when it does not exist. */
  readTail(key: string, bytes: number): Promise<Buffer | null>;
}

/** The length and magic after a Parquet footer. */
const FOOTER_END = 8;
/** Footers read at once: on S3 each is two small requests, whose latency, not bandwidth, is the cost. */
const FOOTER_CONCURRENCY = 32;

/**
 * The files with their Delta stats: those that carry stats as they are, the others with stats read from their
 * Parquet footers (Spark and EMR write plain Parquet, which the kit lists). Only the footer of a file is read: its
 * last 8 bytes (the footer's length), then the footer. Paths are keys of `folder`, the table's run location.
 */
export async function withFooterStats<F extends { path: string; stats?: string }>(files: F[], table: TableDef, folder: TailReader): Promise<Array<F & { stats: string }>> {
  const stored = table.columns.filter((c) => !table.partitionBy.includes(c.name));
  const out = [...files];
  const pending = out.flatMap((file, i) => (file.stats === undefined ? [i] : []));
  let next = 0;
  const worker = async () => {
    while (next < pending.length) {
      const i = pending[next++];
      out[i] = { ...out[i], stats: footerStats(await readFooter(folder, out[i].path), stored) };
    }
  };
  await Promise.all(Array.from({ length: Math.min(FOOTER_CONCURRENCY, pending.length) }, worker));
  return out as Array<F & { stats: string }>;
}

/** A Parquet file's footer (its FileMetaData), read from the end of the object. */
async function readFooter(folder: TailReader, key: string): Promise<Buffer> {
  const end = await readTail(folder, key, FOOTER_END);
  const located = footerOfTail(end, key);
  if ('footer' in located) return located.footer;
  const tail = await readTail(folder, key, located.length + FOOTER_END);
  const read = footerOfTail(tail, key);
  if (!('footer' in read)) throw new Error(`${key}: its Parquet footer length (${located.length}) is larger than the file`);
  return read.footer;
}

async function readTail(folder: TailReader, key: string, bytes: number): Promise<Buffer> {
  const tail = await folder.readTail(key, bytes);
  if (tail === null) throw new Error(`${key}: the data file disappeared before the run committed it`);
  return tail;
}
