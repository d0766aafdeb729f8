import type { Values } from '../core/options';
import { StillRunningError, type BuildResult, type Engine, type ListedFile } from '../core/run-contract';
import { newRunId } from '../core/run-id';
import { createEngine } from '../engines/registry';
import { checkInput } from '../ingest/check-input';
import { silentProgress, type Progress } from '../progress';
import type { CheckResult } from '../quality/check-result';
import { openTableFormat } from '../table-format/open-table-format';
import type { InputFile, RunManifest, SkippedInputs } from '../lake-log/run-manifest';
import { advanceBookmark, listInput } from '../lake-log/input-bookmark';
import { skippedWarning } from '../lake-log/skipped-inputs';
import { notFoldedWarning, planIncremental, type IncrementalPlan } from './incremental-plan';
import { contentHashes, withSha1, type ContentHashes } from '../lake-log/content-hash';
import { checkAndPublish, RUN_OUTPUTS } from './publish-run';
import { PhaseTimer, type PhaseReport } from '../core/phase-timer';

export interface EtlOptions {
  input: string;
  output: string;
  /** An engine by name (default local), or one made already (the CLI makes it from its options). */
  engine?: string | Engine;
  /** Options of the chosen engine, as the CLI parsed them (the EMR cluster, code prefix, waiting). */
  engineOptions?: Values;
  progress?: Progress;
  /** Input files fetched at once (default: 64 for s3://, 4 for a folder). */
  concurrency?: number;
  /** How many of each table's newest Delta versions stay readable (default 2). */
  keepVersions?: number;
  /** Read only the input files the lake has not consumed and merge them into its tables (`--incremental`). */
  incremental?: boolean;
  /** With incremental: read every log file again and rebuild users, songplays and time, re-matching every play. */
  rematch?: boolean;
  /** With incremental: rebuild what re-delivered or removed input files feed, so the lake equals a full rebuild. */
  rebuildAffected?: boolean;
  /** Guards this run may pass though they fail, by their override names (`allow-shrink`…, src/catalog/guards.ts). */
  overrides?: string[];
}

/** What an incremental run read and did (absent for a full run). */
export interface IncrementalSummary {
  /** The run whose tables it merged into (null: a first run, a full load). */
  baseRunId: string | null;
  /** Per source folder: files read (new or changed) of the files listed. */
  read: Array<{ source: string; files: number; listed: number }>;
  /** Per table: replaced, appended to, or unchanged. */
  modes: Record<string, string>;
  /** Nothing new in the input: nothing was read or committed. */
  nothingNew: boolean;
  /** Why the run was a full load, when it was one. */
  fullLoad?: string;
  /** Input files the run could not fold in exactly (re-delivered with other content, gone), and what to do. */
  notFolded?: { changed: string[]; gone: string[]; warning: string };
}

export interface EtlSummary extends BuildResult {
  engine: string;
  runId: string;
  seconds: number;
  /** The checks the run's tables passed before publishing. */
  checks: CheckResult[];
  incremental?: IncrementalSummary;
  /** Per source folder with any: the files below it the run did not read (as the run manifest records them). */
  skipped?: SkippedInputs[];
  /** Where the run's seconds went, phase by phase (`etl --verbose` prints it, formatPhases); `seconds` is its total. */
  phases?: PhaseReport;
}

function readCounts(read: InputFile[], listed: InputFile[]): IncrementalSummary['read'] {
  return ['song_data', 'log_data'].map((source) => ({
    source,
    files: read.filter((f) => f.source === source).length,
    listed: listed.filter((f) => f.source === source).length,
  }));
}

/** The run's listing of its input, by source folder, as an engine reads it. */
function listedBySource(listed: InputFile[]): Record<string, ListedFile[]> {
  const bySource: Record<string, ListedFile[]> = {};
  for (const f of listed) (bySource[f.source] ??= []).push(f);
  return bySource;
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
  // The run's timeline starts here: its phases, and `seconds`, are measured from now.
  const phases = new PhaseTimer();
  const timing = () => {
    const report = phases.report();
    return { seconds: report.seconds, phases: report };
  };
  const progress = options.progress ?? silentProgress;
  const engine = engineFor(options);
  await phases.time('list input', () => checkInput(options.input));

  const format = openTableFormat(options.output);
  const runId = newRunId();
  const locations = await phases.time('open lake', () => format.begin(runId, RUN_OUTPUTS));
  // A run that died between its table commits is ended first: the incremental base, the gate and the commit then
  // start from a whole star.
  for (const line of await phases.time('open lake', () => format.repair(runId, progress))) progress.log(line);
  // The input as this run finds it: every run records what it consumed, the bookmark of the next incremental run.
  // Local files are hashed on a worker thread (an edit can keep a file's size and time): an incremental run needs
  // the hashes to plan, a full run only for its bookmark, so its build goes on meanwhile.
  const { files: listedFiles, skipped } = await phases.time('list input', () => listInput(options.input));
  // Every file is accounted for: what is not read is counted, and named in one line per source.
  for (const s of skipped) {
    const line = skippedWarning(s);
    if (line) progress.log(`warning: ${line}`);
  }
  const notRead = skipped.length > 0 ? { skipped } : {};
  // Behind the build: counted for the seconds the run waits for it (at once: an incremental run plans with the hashes).
  // The lake's latest run: files it listed that nothing wrote since keep its hashes; an incremental run plans from it.
  const latestRun = await phases.time('content hash', () => format.latestManifest());
  const hashing = phases.timeBehind('content hash', () => contentHashes(options.input, listedFiles, latestRun));
  hashing.catch(() => {}); // awaited below; this only keeps a failure during a failed build from being unhandled
  const listed = options.incremental ? await phases.time('content hash', () => hashedInput(listedFiles, hashing, latestRun, progress)) : listedFiles;
  const plan: IncrementalPlan | null = options.incremental
    ? await phases.time('incremental plan', () => planIncremental(format, listed, { rematch: options.rematch === true, rebuildAffected: options.rebuildAffected === true }, progress, latestRun))
    : null;
  const notFolded = plan && plan.kind !== 'full' ? plan.notFolded : null;
  const warning = notFolded ? notFoldedWarning(notFolded) : null;
  if (warning) progress.log(`warning: ${warning}`);
  const merging = plan?.kind === 'merge' ? plan : null;
  const read = merging ? merging.read : listed;
  const incremental: IncrementalSummary | undefined = plan
    ? {
        baseRunId: plan.kind === 'full' ? null : plan.base.runId,
        read: readCounts(plan.kind === 'nothing-new' ? [] : read, listed),
        modes: merging ? merging.merge.modes : {},
        nothingNew: plan.kind === 'nothing-new',
        ...(plan.kind === 'full' ? { fullLoad: plan.reason } : {}),
        ...(notFolded && warning ? { notFolded: { changed: notFolded.changed.map((f) => f.path), gone: notFolded.gone.map((f) => f.path), warning } } : {}),
      }
    : undefined;
  // False until the run has published, or handed its versions to work that goes on elsewhere: format.end then
  // deletes the run's unpublished versions.
  let keepVersions = false;
  try {
    if (plan?.kind === 'nothing-new') {
      progress.log(`nothing new in ${options.input} since run ${plan.base.runId}: nothing read, nothing committed`);
      return { sources: [], tables: [], quarantined: 0, checks: [], engine: engine.name, runId, ...timing(), incremental, ...notRead };
    }
    if (plan?.kind === 'full') progress.log(`incremental: ${plan.reason}`);
    if (merging) {
      const counts = incremental!.read.map((r) => `${r.files} of ${r.listed} ${r.source} files`).join(', ');
      progress.log(`incremental: merging ${counts} into run ${merging.base.runId}`);
    }
    progress.log(`run ${runId}: ${options.input} -> ${options.output} on the ${engine.name} engine`);
    const building = phases.mark();
    const result = await engine.build({
      input: options.input,
      output: options.output,
      locations,
      progress,
      runId,
      concurrency: options.concurrency,
      listed: listedBySource(listed),
      phases,
      ...(merging ? { incremental: merging.job } : {}),
    });
    // The engine's build as a whole: an engine that timed its steps (the local one) leaves here only what none of
    // them covers; one that timed none (Spark, EMR: the step runs elsewhere) is this one phase.
    const timedSteps = phases.startedSince(building) > 0;
    phases.record(timedSteps ? `${engine.name} build (rest)` : `${engine.name} step`, building, phases.mark(), { overlap: timedSteps ? 'rest' : 'share' });
    if (result.pending) {
      // Handed off without waiting (EMR --no-wait): nothing is written yet, so nothing is checked or published,
      // and the versions the step is writing are kept for `sparkify emr publish`.
      progress.log(result.pending.message);
      keepVersions = true;
      return { ...result, checks: [], engine: engine.name, runId, ...timing() };
    }
    // A re-delivered file merged without a rebuild keeps its old entry: the next run still sees it as changed (and
    // warns, and --rebuild-affected still rebuilds it), re-merging it meanwhile changes nothing.
    const notRebuilt = new Set(merging?.notFolded.changed.map((f) => `${f.source}/${f.path}`));
    const bookmark = merging
      ? advanceBookmark(merging.base.bookmark!, read.filter((f) => !notRebuilt.has(`${f.source}/${f.path}`)), merging.rebuilt)
      : advanceBookmark([], withSha1(listedFiles, await phases.time('content hash', () => hashing)));
    const record = {
      runId,
      engine: engine.name,
      input: options.input,
      mode: merging ? ('incremental' as const) : ('full' as const),
      ...(merging ? { baseRunId: merging.base.runId } : {}),
      read,
      bookmark,
      ...(incremental?.notFolded ? { notFolded: incremental.notFolded } : {}),
      ...(options.overrides && options.overrides.length > 0 ? { overrides: options.overrides } : {}),
      ...notRead,
    };
    // Publish only once every table was built and checked: a failure leaves all previous tables in place, and the
    // bookmark where it was (the next run reads the same files again).
    const checks = await checkAndPublish(format, record, result, locations, progress, { keepVersions: options.keepVersions, merge: merging?.merge, progress, phases });
    keepVersions = true;
    // The tables' frames and files were the gate's and the commit's; the summary (printed, kept by callers) holds
    // only what the run did.
    const { frames: _checked, dataFiles: _committed, ...built } = result;
    return { ...built, engine: engine.name, runId, ...timing(), checks, incremental, ...notRead };
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

/** The hashed input of an incremental run, saying how much of it needed hashing. */
async function hashedInput(files: InputFile[], hashing: Promise<ContentHashes>, base: RunManifest | null, progress: Progress): Promise<InputFile[]> {
  const hashes = await hashing;
  if (base && hashes.hashed < files.length) progress.log(`content hash: ${hashes.hashed} of ${files.length} files hashed, the others unchanged since run ${base.runId} listed them`);
  return withSha1(files, hashes);
}
