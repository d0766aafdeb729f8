import * as fs from 'node:fs';
import { renderSql } from '../models/dialect';
import { POLARS_DIALECT } from '../models/dialects/polars';
import { SPARK_DIALECT } from '../models/dialects/spark';
import { modelFile, refsOf, renderModels } from '../models/models';

export interface DialectDifference {
  model: string;
  /** The call as the model writes it: `{{ iso_week(start_time) }}`. */
  call: string;
  polars: string;
  spark: string;
}

const LONGEST = 48;
const cut = (sql: string) => {
  const flat = sql.replace(/\s+/g, ' ').trim();
  return flat.length <= LONGEST ? flat : `${flat.slice(0, LONGEST - 1)}… (${flat.length} chars)`;
};

/**
 * Every dialect call in the models, rendered for each engine: all that differs between the SQL the two
 * engines run (the rest of each model is one text for both).
 */
export function dialectDifferences(): DialectDifference[] {
  return renderModels(POLARS_DIALECT).flatMap((model) => {
    // A lake model reads a table already in the lake: it has no SQL file.
    if (model.layer === 'lake') return [];
    // The refs name relations, the same on every engine: not dialect calls.
    const calls = (fs.readFileSync(modelFile(model.name, model.layer), 'utf8').match(/\{\{[^{}]*\}\}/g) ?? []).filter((call) => refsOf(call).length === 0);
    return calls.map((call) => ({ model: model.name, call: call.replace(/\s+/g, ' '), polars: cut(renderSql(call, POLARS_DIALECT)), spark: cut(renderSql(call, SPARK_DIALECT)) }));
  });
}
