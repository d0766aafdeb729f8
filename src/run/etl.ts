import { newRunId } from '../core/run-id';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SOURCES } from '../catalog/sources';
import { createEngine, type EngineSettings } from '../engines/registry';
import { StillRunningError, type BuildResult } from '../core/run-contract';
import { UserError } from '../errors';
import type { Lake } from '../table-format/hive-pointers/lake';
import { openLake } from '../io/open-lake';
import { checkS3Input } from '../io/s3/s3-input-check';
import { isS3Path } from '../storage/s3-uri';
import { silentProgress, type Progress } from '../progress';
import type { CheckResult } from '../quality/check-result';
import { checkAndPublish, RUN_OUTPUTS } from './publish-run';

export interface EtlOptions {
  input: string;
  output: string;
  engine?: string;
  /** Options of the chosen engine (the EMR cluster, code prefix, waiting). */
  engineSettings?: EngineSettings;
  progress?: Progress;
  /** Input files fetched at once (default: 64 for s3://, 16 for a folder). */
  concurrency?: number;
}

export interface EtlSummary extends BuildResult {
  engine: string;
  runId: string;
  seconds: number;
  /** The checks the run's tables passed before publishing. */
  checks: CheckResult[];
}

/** Checks the input as a whole before any work: a wrong folder is one clear error, not a half-run. */
export function checkInput(input: string): void {
  const stat = fs.statSync(input, { throwIfNoEntry: false });
  if (!stat) throw new UserError(`input folder ${input} does not exist`);
  if (!stat.isDirectory()) throw new UserError(`input ${input} is not a folder`);
  const missing = SOURCES.map((s) => s.folder).filter((f) => !fs.statSync(path.join(input, f), { throwIfNoEntry: false })?.isDirectory());
  if (missing.length > 0) {
    throw new UserError(`input ${input} has no ${missing.join(' or ')} folder; it must hold song_data/ and log_data/`);
  }
}

/**
 * Extracts, models and writes the star schema. Each table is written to a fresh version and published only
 * when every one was built, each by an atomic swap: a failed or killed run leaves the previous output as it was.
 */
export async function runEtl(options: EtlOptions): Promise<EtlSummary> {
  const started = Date.now();
  const progress = options.progress ?? silentProgress;
  const engine = createEngine(options.engine ?? 'local', options.engineSettings);
  if (isS3Path(options.input)) await checkS3Input(options.input);
  else checkInput(options.input);

  const lake: Lake = openLake(options.output);
  const runId = newRunId();
  const locations = await lake.begin(runId, RUN_OUTPUTS);
  // False until the run has published, or handed its versions to work that goes on elsewhere: lake.end then
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
    const checks = await checkAndPublish(lake, { runId, engine: engine.name, input: options.input }, result, locations, progress);
    keepVersions = true;
    return { ...result, engine: engine.name, runId, seconds: (Date.now() - started) / 1000, checks };
  } catch (err) {
    if (err instanceof StillRunningError) keepVersions = true;
    throw err;
  } finally {
    await lake.end(runId, keepVersions);
  }
}
