import type { Progress } from '../progress';
import type { BuildResult } from './run-contract';
import type { CatalogTarget } from './catalog-target';
import type { OptionSpec, Values } from './options';

/**
 * What the run layer lends a command that lives below it (an engine's own command): gating and publishing a run
 * whose engine finished writing elsewhere (`publishRun`: the one-line check summary, or null when it was already
 * published), and registering the published lake in a data catalog.
 */
export interface RunServices {
  publishRun(
    output: string,
    run: { runId: string; engine: string; input: string },
    written: Record<string, string>,
    result: () => Promise<BuildResult>,
    progress: Progress,
  ): Promise<string | null>;
  /**
   * After a publish that committed (or found the run already committed): registers the lake's tables in the catalog
   * `--catalog` named (`catalogTarget(values)`, parsed before any work), printing what it did. Returns the exit
   * code: 0, or CATALOG_FAILED_EXIT when registering failed; the commit stands either way.
   */
  registerInCatalog(output: string, runId: string, catalog: CatalogTarget): Promise<number>;
}

/** One `sparkify <name>` command: its options, its usage line, and what it does. It returns the exit code. */
export interface Command {
  name: string;
  usage: string;
  options: OptionSpec;
  run(values: Values, positionals: string[], services: RunServices): Promise<number>;
}
