import type { TableSkew } from '../layout/skew';
import { baseLayout, LOG_AXIS, type Figure } from './figure';

/** Files per table and their median size: many small files show as a tall bar with a tiny median. */
export function filesPerTableChart(tables: TableSkew[]): Figure {
  return {
    data: [
      {
        type: 'bar',
        x: tables.map((t) => t.table),
        y: tables.map((t) => t.files),
        text: tables.map((t) => `median ${(t.fileBytes.median / 1024).toFixed(1)} KB`),
        textposition: 'outside',
        name: 'files',
      },
    ],
    layout: baseLayout('Files per table (log scale), with the median file size', { yaxis: { ...LOG_AXIS, title: { text: 'files' } } }),
  };
}

/** Rows per partition (min / median / max) of each partitioned table: a max far above the median is skew. */
export function rowsPerPartitionChart(tables: TableSkew[]): Figure {
  const partitioned = tables.filter((t) => t.partitionBy.length > 0);
  const labels = partitioned.map((t) => `${t.table} by ${t.partitionBy.join(', ')}`);
  const series = (name: 'min' | 'median' | 'max') => ({
    type: 'bar',
    name,
    x: labels,
    y: partitioned.map((t) => t.rowsPerPartition[name]),
  });
  return {
    data: [series('min'), series('median'), series('max')],
    layout: baseLayout('Rows per partition (log scale)', { barmode: 'group', yaxis: { ...LOG_AXIS, title: { text: 'rows' } } }),
  };
}

/** The largest partitions of one table by rows. */
export function largestPartitionsChart(table: TableSkew): Figure {
  const parts = [...table.largest].reverse();
  return {
    data: [{ type: 'bar', orientation: 'h', y: parts.map((p) => p.partition || '(whole table)'), x: parts.map((p) => p.rows) }],
    layout: baseLayout(`${table.table}: largest partitions (of ${table.partitions})`, { margin: { l: 60, r: 20, t: 50, b: 50 }, yaxis: { automargin: true }, xaxis: { title: { text: 'rows' } } }),
  };
}
