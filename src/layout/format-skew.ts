import { formatBytes } from '../format';
import type { Distribution, TableSkew } from './skew';

const count = (d: Distribution) => `${d.min} / ${d.median} / ${d.max}`;
const size = (d: Distribution) => `${formatBytes(d.min)} / ${formatBytes(Math.round(d.median))} / ${formatBytes(d.max)}`;

/** The skew figures as text: one block per table, flags and suggestions last. */
export function formatSkew(tables: TableSkew[]): string {
  const blocks = tables.map((t) => {
    const lines = [
      `${t.table} (partitioned by ${t.partitionBy.join(', ') || 'nothing'}): ${t.rows} rows, ${t.files} files, ${formatBytes(t.bytes)}` +
        (t.partitionBy.length > 0 ? `, ${t.partitions} partitions` : ''),
    ];
    if (t.partitionBy.length > 0) {
      lines.push(`  per partition (min / median / max): rows ${count(t.rowsPerPartition)}; files ${count(t.filesPerPartition)}; bytes ${size(t.bytesPerPartition)}`);
      lines.push(`  largest: ${t.largest.map((p) => `${p.partition} (${p.rows} rows, ${formatBytes(p.bytes)})`).join('; ')}`);
    }
    lines.push(`  file size (min / median / max): ${size(t.fileBytes)}`);
    lines.push(`  distinct values: ${t.candidates.map((c) => `${c.column} ${c.distinct} (top ${(c.largestShare * 100).toFixed(c.largestShare < 0.1 ? 1 : 0)}%)`).join(', ')}`);
    for (const flag of t.flags) lines.push(`  FLAG ${flag.kind}: ${flag.message}`, `    suggestion: ${flag.suggestion}`);
    return lines.join('\n');
  });
  const flagged = tables.flatMap((t) => t.flags);
  blocks.push(flagged.length === 0 ? 'no partitioning flagged' : `${flagged.length} partitioning flag${flagged.length === 1 ? '' : 's'}`);
  return blocks.join('\n\n');
}
