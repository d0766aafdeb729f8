import pl from 'nodejs-polars';
import type { TableDef } from '../catalog/types';
import { mapConcurrent } from '../pool';
import type { AddAction } from './actions';
import { polarsType } from './data-files';
import { decodeDataPath } from './data-path';
import type { LogStore } from './log-store';
import { readSnapshot } from './snapshot';

/** How many data files are fetched at once from a remote store (S3): enough to hide latency, few enough for memory. */
const FETCH_CONCURRENCY = 16;

/** A table with no rows: the catalog's columns and types, in catalog order. */
export function emptyTableFrame(table: TableDef): pl.DataFrame {
  return pl.DataFrame(table.columns.map((c) => pl.Series(c.name, [], polarsType(c.type))));
}

/** A data file as Polars reads it: its local path (a folder table, read in place) or its bytes (S3). */
async function fileSource(store: LogStore, add: AddAction): Promise<string | Buffer> {
  const key = decodeDataPath(add.path);
  const local = store.localPath?.(key);
  if (local !== undefined) return local;
  const bytes = await store.read(key);
  if (bytes === null) throw new Error(`${store.location}: data file ${key} is in the log but missing (vacuumed or never uploaded?)`);
  return bytes;
}

function readFrames(store: LogStore, files: AddAction[]): Promise<pl.DataFrame[]> {
  return mapConcurrent(files, FETCH_CONCURRENCY, async (add) => pl.readParquet(await fileSource(store, add)));
}

/**
 * The rows of the given active files (a snapshot's adds): partition columns from each add's `partitionValues` (the
 * log is the truth; folder names are only convention, and other writers name folders differently), every column
 * cast to its catalog type, in catalog order.
 */
export async function readDeltaFiles(store: LogStore, table: TableDef, files: AddAction[]): Promise<pl.DataFrame> {
  const stored = table.columns.filter((c) => !table.partitionBy.includes(c.name));
  const frames = await readFrames(store, files);
  // An empty file adds no rows (and would explode to one null row below).
  const nonEmpty = files.map((add, i) => ({ add, frame: frames[i] })).filter((f) => f.frame.height > 0);
  if (nonEmpty.length === 0) return emptyTableFrame(table);

  // Files from different writers may differ (large_string, millisecond timestamps, a column added later): files
  // with the same columns and types are concatenated as they are, then each such group is cast once. A cast per
  // file costs ~6 ms a file in Polars, seconds for a thousand files; a concat of like files costs almost nothing.
  const signature = (frame: pl.DataFrame) => frame.columns.map((c, i) => `${c}:${String(frame.dtypes[i])}`).join(',');
  const groups = new Map<string, typeof nonEmpty>();
  for (const f of nonEmpty) {
    const sig = signature(f.frame);
    groups.set(sig, [...(groups.get(sig) ?? []), f]);
  }
  // Rows follow the groups' order; the partition values below are repeated in the same order.
  const used = [...groups.values()].flat();
  const data = pl
    .concat(
      [...groups.values()].map((group) => {
        const columns = group[0].frame.columns;
        return pl
          .concat(group.map((f) => f.frame.lazy()), { how: 'vertical' })
          .select(...stored.map((c) => (columns.includes(c.name) ? pl.col(c.name) : pl.lit(null)).cast(polarsType(c.type)).alias(c.name)));
      }),
      { how: 'vertical' },
    )
    .collectSync();

  // One partition value per file, repeated by the file's row count inside Polars: pushing one JS value per row
  // costs seconds for a million rows.
  const heights = pl.Series('_rows', used.map((f) => f.frame.height), pl.Int64);
  const partitions = table.partitionBy.map((column) => {
    const perFile = used.map((f) => f.add.partitionValues[column] ?? null);
    return pl
      .DataFrame([pl.Series(column, perFile, pl.Utf8), heights])
      .select(pl.col(column).repeatBy('_rows'))
      .explode(column)
      .getColumn(column);
  });
  const whole = partitions.length > 0 ? data.hstack(pl.DataFrame(partitions)) : data;
  return whole.select(...table.columns.map((c) => pl.col(c.name).cast(polarsType(c.type))));
}

/** The table at its latest version, or at `version`, as one frame (an empty table gives an empty frame with the schema). */
export async function readDeltaTable(store: LogStore, table: TableDef, options: { version?: number } = {}): Promise<pl.DataFrame> {
  const snapshot = await readSnapshot(store, options);
  return readDeltaFiles(store, table, snapshot.files);
}
