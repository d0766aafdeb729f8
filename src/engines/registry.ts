import { UserError } from '../errors';
import type { Engine } from './engine';
import { LocalEngine } from './local/local-engine';
import { SparkEngine } from './spark/spark-engine';

const ENGINES: Record<string, () => Engine> = {
  local: () => new LocalEngine(),
  spark: () => new SparkEngine(),
};

export const ENGINE_NAMES = Object.keys(ENGINES);

export function createEngine(name: string): Engine {
  const make = ENGINES[name];
  if (!make) throw new UserError(`unknown engine "${name}"; choose one of: ${ENGINE_NAMES.join(', ')}`);
  return make();
}
