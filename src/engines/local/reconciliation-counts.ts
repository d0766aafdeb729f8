import pl from 'nodejs-polars';
import { INCREMENTAL_RUN_COUNTS, RUN_COUNTS } from '../../core/run-counts';
import { executeSql } from './execute-sql';

/** The run's reconciliation counts, from the same SQL the Spark runner executes. */
export async function runCounts(relations: Record<string, pl.DataFrame>, merged = false): Promise<{ loaded: number; distinct: number; alreadyInLake?: number }> {
  const ctx = pl.SQLContext(relations);
  const count = async (name: string, sql: string) => Number((await executeSql(ctx, name, sql)).getColumn('n').toArray()[0]);
  const counts = { loaded: await count('loaded', RUN_COUNTS.loaded), distinct: await count('distinct', RUN_COUNTS.distinct) };
  return merged ? { ...counts, alreadyInLake: await count('alreadyInLake', INCREMENTAL_RUN_COUNTS.alreadyInLake) } : counts;
}
