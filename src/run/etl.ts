import type { Values } from '../core/command';
import { StillRunningError, type BuildResult, type Engine } from '../core/run-contract';
import { newRunId } from '../core/run-id';
import { createEngine } from '../engines/registry';
import { checkInput } from '../ingest/check-input';
import { silentProgress, type Progress } from '../progress';
import type { CheckResult } from '../quality/check-result';
import { openTableFormat } from '../table-format/open-table-format';
import { checkAndPublish, RUN_OUTPUTS } from './publish-run';

export interface EtlOptions {
  input: string;
  output: string;
  /** An engine by name (default local), or one made already (the CLI makes it from its options). */
  engine?: string | Engine;
  /** Options of the chosen engine, as the CLI parsed them (the EMR cluster, code prefix, waiting). */
  engineOptions?: Values;
  progress?: Progress;
  /** Input files fetched at once (default: 64 for s3://, 16 for a folder). */
  concurrency?: number;
  /** How many of each table's newest Delta versions stay readable (default 2). */
  keepVersions?: number;
}

export interface EtlSummary extends BuildResult {
  engine: string;
  runId: string;
  seconds: number;
  /** The checks the run's tables passed before publishing. */
  checks: CheckResult[];
}

function engineFor(options: EtlOptions): Engine {
  if (typeof options.engine === 'object') return options.engine;
  return createEngine(options.engine ?? 'local', options.engineOptions, { input: options.input, output: options.output });
}

/**
 * Extracts, models and writes the star schema. The table format hands each output of the run its location; the
 * engine writes there; the tables are gated and only then published, each atomically: a failed or killed run
 * leaves the previous output as it was.
 */
export async function runEtl(options: EtlOptions): Promise<EtlSummary> {
  const started = Date.now();
  const progress = options.progress ?? silentProgress;
  const engine = engineFor(options);
  await checkInput(options.input);

  const format = openTableFormat(options.output);
  const runId = newRunId();
  const locations = await format.begin(runId, RUN_OUTPUTS);
  // False until the run has published, or handed its versions to work that goes on elsewhere: format.end then
  // deletes the run's unpublished versions.
  let keepVersions = false;
  try {
    progress.log(`run ${runId}: ${options.input} -> ${options.output} on the ${engine.name} engine`);
    const result = await engine.build({ input: options.input, output: options.output, locations, progress, runId, concurrency: options.concurrency });
    if (result.pending) {
      // Handed off without waiting (EMR --no-wait): nothing is written yet, so nothing is checked or published,
      // and the versions the step is writing are kept for `sparkify emr publish`.
      progress.log(result.pending.message);
      keepVersions = true;
      return { ...result, checks: [], engine: engine.name, runId, seconds: (Date.now() - started) / 1000 };
    }
    // Publish only once every table was built and checked: a failure leaves all previous tables in place.
    const checks = await checkAndPublish(format, { runId, engine: engine.name, input: options.input }, result, locations, progress, { keepVersions: options.keepVersions });
    keepVersions = true;
    return { ...result, engine: engine.name, runId, seconds: (Date.now() - started) / 1000, checks };
  } catch (err) {
    if (err instanceof StillRunningError) keepVersions = true;
    throw err;
  } finally {
    await format.end(runId, keepVersions);
  }
}

/**
 * What a run would do, for an engine asked only to show it (--dry-run): the engine's text, given the locations
 * the table format would hand out. Nothing is read, written or sent.
 */
export async function previewEtl(engine: Engine, input: string, output: string, json: boolean): Promise<string> {
  const runId = newRunId();
  const locations = openTableFormat(output).plannedLocations(runId, RUN_OUTPUTS);
  return engine.preview!({ input, output, locations, runId }, json);
}
