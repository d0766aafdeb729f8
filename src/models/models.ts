import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../project-root';
import { TABLES } from '../catalog/tables';
import { renderSql, type Dialect } from './dialect';

export interface Model {
  /** The relation the model defines; later models select from it by this name. */
  name: string;
  layer: 'staging' | 'star';
  sql: string;
}

export const MODELS_DIR = path.join(PROJECT_ROOT, 'src', 'models');

/** Staging first, then the star models in catalog order (time selects from songplays, so it comes after). */
const MODEL_ORDER: Array<{ name: string; layer: Model['layer'] }> = [
  { name: 'stg_songs', layer: 'staging' },
  { name: 'stg_events', layer: 'staging' },
  ...TABLES.map((t) => ({ name: t.model, layer: 'star' as const })),
];

export function modelFile(name: string, layer: Model['layer']): string {
  return path.join(MODELS_DIR, layer, `${name}.sql`);
}

/** Every model, rendered for one engine's dialect, in the order they must run. */
export function renderModels(dialect: Dialect): Model[] {
  return MODEL_ORDER.map(({ name, layer }) => ({
    name,
    layer,
    sql: renderSql(fs.readFileSync(modelFile(name, layer), 'utf8'), dialect),
  }));
}
