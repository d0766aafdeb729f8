import type { TableDef } from '../catalog/types';
import { readFooter, type TailReader } from '../parquet/footer';
import { runPool } from '../pool';
import { footerStats } from './parquet-footer-stats';

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
  await runPool(pending.length, FOOTER_CONCURRENCY, async (next) => {
    const i = pending[next];
    out[i] = { ...out[i], stats: footerStats(await readFooter(folder, out[i].path), stored) };
  });
  return out as Array<F & { stats: string }>;
}
