import type { Command, OptionSpec, Values } from './command';
import type { Engine } from './run-contract';

/**
 * An engine as the CLI and the run see it: its name, the `etl` options only it reads (with their help text), how
 * to make the engine from them, and any commands of its own (`sparkify emr …`). The registry lists them; nothing
 * else names an engine.
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
}
