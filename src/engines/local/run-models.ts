import pl from 'nodejs-polars';
import { EVENT_SOURCE, SONG_SOURCE } from '../../catalog/sources';
import { tableByName } from '../../catalog/tables';
import type { TableDef } from '../../catalog/types';
import type { IncrementalJob } from '../../core/run-contract';
import { POLARS_DIALECT } from '../../models/dialects/polars';
import { renderModels, type Model } from '../../models/models';
import { executeSql } from './execute-sql';
import { polarsColumnType } from '../../parquet/polars-types';
import { readLakeStep } from './read-lake-step';
import { NO_PHASES, type Phases } from '../../core/phase-timer';

/**
 * Runs every model, in order, over the raw frames with Polars SQL. Star tables come out in their catalog
 * types; staging relations are returned too, for the notebooks and the tests of each fix.
 * `onModel` sees each result as soon as it exists (the engine writes tables from there).
 * An incremental run passes its steps (renderIncrementalModels) and the lake to read its `lake` steps from.
 */
export async function runModels(
  rawSongs: pl.DataFrame,
  rawEvents: pl.DataFrame,
  onModel: (model: Model, frame: pl.DataFrame) => void = () => {},
  steps: { models: Model[]; incremental?: IncrementalJob } = { models: renderModels(POLARS_DIALECT) },
  phases: Phases = NO_PHASES,
): Promise<Map<string, pl.DataFrame>> {
  return runModelsOver({ [SONG_SOURCE.name]: rawSongs, [EVENT_SOURCE.name]: rawEvents }, steps.models, onModel, steps.incremental, phases);
}

/**
 * Runs the given models, in order, over the given relations (sources or models run before, by name).
 * A `lake` step (an incremental run's read of a table already in the lake) is read from the lake, not run.
 * Each model is timed as the phase "model: <name>" (up to its result; what `onModel` does with it is not the model's).
 */
export async function runModelsOver(
  relations: Record<string, pl.DataFrame>,
  models: Model[],
  onModel: (model: Model, frame: pl.DataFrame) => void | Promise<void> = () => {},
  incremental?: IncrementalJob,
  phases: Phases = NO_PHASES,
): Promise<Map<string, pl.DataFrame>> {
  const ctx = pl.SQLContext(relations);
  const results = new Map<string, pl.DataFrame>();
  for (const model of models) {
    const stop = phases.start(['model', model.name]);
    let frame: pl.DataFrame;
    try {
      if (model.layer === 'lake') frame = await readLakeStep(model, incremental, results);
      else {
        frame = await executeSql(ctx, model.name, model.sql);
        if (model.table) frame = conform(frame, tableByName(model.table));
      }
      // Later models select from this one by name; registering the collected frame computes it once.
      ctx.register(model.name, frame);
    } finally {
      stop();
    }
    results.set(model.name, frame);
    await onModel(model, frame);
  }
  return results;
}

/** The model's output in the catalog's column order and types. */
function conform(frame: pl.DataFrame, table: TableDef): pl.DataFrame {
  return frame.select(
    ...table.columns.map((c) => {
      const column = pl.col(c.name);
      // SQL timestamps come out naive (they are UTC) in milliseconds: declare the zone rather than convert, then
      // take the catalog's unit (microseconds), as the lake's tables are read back, so a merge compares like with like.
      return (c.type === 'timestamp' ? column.dt.replaceTimeZone('UTC') : column).cast(polarsColumnType(c.type)).alias(c.name);
    }),
  );
}
