import type pl from 'nodejs-polars';
import { tableByName } from '../../catalog/tables';
import type { IncrementalJob, LakeDataFile } from '../../core/run-contract';
import type { Model } from '../../models/models';

/**
 * A `lake` step of an incremental run: the lake's table as the run's base holds it, or only its partitions that
 * occur in the relation `partitionsOf` names (the partitions this run's rows fall in): a daily run reads one
 * month of songplays, not the whole history; with `columns`, only those (an append merge needs only the keys).
 */
export async function readLakeStep(model: Model, incremental: IncrementalJob | undefined, relations: Map<string, pl.DataFrame>): Promise<pl.DataFrame> {
  if (!incremental?.read) throw new Error(`step ${model.name} reads the lake, but the run gave the engine no lake to read`);
  const table = tableByName(model.table!);
  const files = incremental.lake[table.name]?.files ?? [];
  const wanted = model.partitionsOf ? filesOfPartitions(files, table.partitionBy, relations.get(model.partitionsOf)!) : files;
  return incremental.read(table.name, wanted, model.columns);
}

/** The files whose partition values occur in the frame's partition columns (compared as the Delta log writes them). */
function filesOfPartitions(files: LakeDataFile[], partitionBy: string[], frame: pl.DataFrame): LakeDataFile[] {
  const key = (values: Array<string | null>) => JSON.stringify(values);
  const wanted = new Set(
    frame
      .select(...partitionBy)
      .unique()
      .rows()
      .map((row) => key(row.map((v) => (v === null || v === undefined ? null : String(v))))),
  );
  return files.filter((f) => wanted.has(key(partitionBy.map((c) => f.partitionValues[c] ?? null))));
}
