import pl from 'nodejs-polars';

/**
 * Runs one model's SQL and collects it. nodejs-polars 0.26.1 does not throw on a SQL error: it returns a
 * frame wrapping the Error, and the next call fails with "_ldf.collect is not a function". Surface the real one.
 */
export async function executeSql(ctx: ReturnType<typeof pl.SQLContext>, model: string, sql: string): Promise<pl.DataFrame> {
  const lazy = ctx.execute(sql);
  const inner = (lazy as unknown as { _ldf: unknown })._ldf;
  if (inner instanceof Error) throw new Error(`model ${model} failed in Polars SQL: ${inner.message}`);
  return lazy.collect();
}
