import { UserError } from '../errors';
import type { Engine } from '../core/run-contract';
import { resolveEmrOptions, type EmrSettings } from './emr/emr-options';
import { loadEmrEngine } from './emr/load-emr';
import { LocalEngine } from './local/local-engine';
import { SparkEngine } from './spark/spark-engine';

/** Settings for the engines that take some, by engine name. */
export interface EngineSettings {
  emr?: EmrSettings;
}

const ENGINES: Record<string, (settings: EngineSettings) => Engine> = {
  local: () => new LocalEngine(),
  spark: () => new SparkEngine(),
  emr: (settings) => new (loadEmrEngine().EmrEngine)(resolveEmrOptions(settings.emr ?? {})),
};

export const ENGINE_NAMES = Object.keys(ENGINES);

export function createEngine(name: string, settings: EngineSettings = {}): Engine {
  const make = ENGINES[name];
  if (!make) throw new UserError(`unknown engine "${name}"; choose one of: ${ENGINE_NAMES.join(', ')}`);
  return make(settings);
}
