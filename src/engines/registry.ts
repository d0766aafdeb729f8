import type pl from 'nodejs-polars';
import type { Command } from '../core/command';
import type { Values } from '../core/options';
import type { EngineAdapter, EngineSetup } from '../core/engine-adapter';
import type { Engine } from '../core/run-contract';
import { UserError } from '../errors';
import { emrAdapter } from './emr/emr-adapter';
import { serverlessAdapter } from './emr-serverless/serverless-adapter';
import { localAdapter } from './local/local-engine';
import { runModels } from './local/run-models';
import { sparkAdapter } from './spark/spark-engine';

/** Every engine, one line each: adding an engine is its folder and a line here. */
export const ENGINES: EngineAdapter[] = [localAdapter, sparkAdapter, emrAdapter, serverlessAdapter];

export const ENGINE_NAMES = ENGINES.map((e) => e.name);

export function engineAdapter(name: string): EngineAdapter {
  const adapter = ENGINES.find((e) => e.name === name);
  if (!adapter) throw new UserError(`unknown engine "${name}"; choose one of: ${ENGINE_NAMES.join(', ')}`);
  return adapter;
}

/** The engine for a run; `values` are the CLI's (or a caller's) options, of which only the engine's own may be set. */
export function createEngine(name: string, values: Values = {}, run: { input: string; output: string } = { input: '', output: '' }): Engine {
  const adapter = engineAdapter(name);
  for (const other of ENGINES.filter((e) => e !== adapter)) {
    const foreign = Object.keys(other.options).find((option) => values[option] !== undefined && !(option in adapter.options));
    if (foreign) throw new UserError(`--${foreign} applies only to --engine ${other.name}`);
  }
  return adapter.create(values, run);
}

/** What an engine needs installed and how the project installs it (`spark`: pyspark and its jars in .venv). */
export function engineSetup(name: string): EngineSetup {
  const setup = engineAdapter(name).setup;
  if (!setup) throw new Error(`the ${name} engine needs nothing installed`);
  return setup;
}

/**
 * Every model over the raw songs and events, in memory, as the local engine runs them: each model's frame by name
 * (staging relations too), for exploring the data (src/explore/load.ts) without writing a lake.
 */
export function runModelsInMemory(rawSongs: pl.DataFrame, rawEvents: pl.DataFrame): Promise<Map<string, pl.DataFrame>> {
  return runModels(rawSongs, rawEvents);
}

/** The `etl` options of every engine, for the parser. */
export const ENGINE_OPTIONS = Object.assign({}, ...ENGINES.map((e) => e.options));

/** The commands engines bring (`sparkify emr …`). */
export const ENGINE_COMMANDS: Command[] = ENGINES.flatMap((e) => e.commands ?? []);
