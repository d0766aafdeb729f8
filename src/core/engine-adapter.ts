import type { Command } from './command';
import type { OptionSpec, Values } from './options';
import type { BuildJob, Engine } from './run-contract';

/**
 * An engine as the CLI and the run see it: its name, the `etl` options only it reads (with their help text), how
 * to make the engine from them, any commands of its own (`sparkify emr …`) and what it needs installed. The registry
 * lists them; nothing else names an engine, and nothing outside src/engines/ imports an engine's folder but the
 * registry (test/architecture.test.ts).
 */
export interface EngineAdapter {
  name: string;
  /** The `etl` options this engine reads; giving one with another engine is a usage error. */
  options: OptionSpec;
  /** Help lines for `etl --engine <name>` with those options; none when it has no options. */
  usage?: string;
  /** Makes the engine for a run, from its options; checks what would only fail later (a local --output on EMR). */
  create(values: Values, run: { input: string; output: string }): Engine;
  commands?: Command[];
  /** What the engine needs installed before it runs, and how the project installs it; absent: nothing to install. */
  setup?: EngineSetup;
}

/** An engine's install (Spark: pyspark and its jars in a venv): where it is, what of it is missing, the command that makes it. */
export interface EngineSetup {
  /** The folder it is installed in (a venv). */
  location(): string;
  /** What of the install is missing from `location` (default: `location()`): empty when ready. */
  missing(location?: string): string[];
  /** Program and arguments, run from the project's root, that install it into the project's own `location`. */
  command: readonly [string, readonly string[]];
}

/**
 * An engine whose module is loaded on its first build or preview (an AWS engine's loads the AWS SDK, a noticeable
 * fraction of a second), so making it for the CLI costs nothing. Loaded with import(), which both the compiled kit
 * and the tests (on the TypeScript sources, where a require of a sibling module finds nothing) resolve.
 */
export function loadedOnFirstUse(name: string, previews: boolean, load: () => Promise<Engine>): Engine {
  let made: Promise<Engine> | undefined;
  const engine = () => (made ??= load());
  const preview = async (job: Pick<BuildJob, 'input' | 'output' | 'locations' | 'runId'>, json: boolean) => (await engine()).preview!(job, json);
  return { name, build: async (job) => (await engine()).build(job), ...(previews ? { preview } : {}) };
}
