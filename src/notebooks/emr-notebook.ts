import * as path from 'node:path';
import type { Values } from '../core/options';
import { PROJECT_ROOT } from '../project-root';
import { consoleProgress } from '../progress';
import type { Engine } from '../core/run-contract';
import { createEngine } from '../engines/registry';
import { previewEtl, runEtl, type EtlSummary } from '../run/etl';

/**
 * The EMR part of the at-scale notebook: its parameters, the submission plan (a dry run: what `sparkify etl
 * --engine emr --dry-run` prints), and a real run when the parameters name your buckets.
 */
export interface EmrNotebookSettings {
  /** s3:// prefix for the step runner, run specs and logs; empty: a dry run with a placeholder. */
  codePrefix: string;
  /** An existing cluster (j-…); empty: a transient cluster that terminates when its step ends. */
  clusterId: string;
  input: string;
  /** The lake on S3; empty: a dry run with a placeholder. */
  output: string;
  coreNodes: number;
  instanceType: string;
}

/** Shown in a dry run for what you have not set: the public Udacity bucket, and buckets you would own. */
export const EMR_PLACEHOLDERS = { input: 's3://udacity-dend', output: 's3://YOUR-LAKE-BUCKET/sparkify', codePrefix: 's3://YOUR-CODE-BUCKET/sparkify' };

/** A real submission needs a code prefix and an output of yours; anything less is a dry run. */
export function emrWillSubmit(settings: EmrNotebookSettings): boolean {
  return settings.codePrefix.trim() !== '' && settings.output.trim() !== '';
}

/** The etl options (as the CLI spells them) for these settings, placeholders filled in. */
function etlValues(settings: EmrNotebookSettings, extra: Values = {}): { input: string; output: string; values: Values } {
  const values: Values = {
    'code-prefix': settings.codePrefix.trim() || EMR_PLACEHOLDERS.codePrefix,
    'core-instance-count': String(settings.coreNodes),
    'instance-type': settings.instanceType,
    ...(settings.clusterId.trim() ? { 'cluster-id': settings.clusterId.trim() } : {}),
    ...extra,
  };
  return { input: settings.input.trim() || EMR_PLACEHOLDERS.input, output: settings.output.trim() || EMR_PLACEHOLDERS.output, values };
}

/** The EMR engine from the CLI's option values, made by the registry: the same checks and defaults as `--engine emr`. */
function emrEngine(input: string, output: string, values: Values): Engine {
  return createEngine('emr', values, { input, output });
}

export interface EmrPlan {
  /** `S3 PutObject s3://…` and `EMR RunJobFlow` / `EMR AddJobFlowSteps`, in the order a run sends them. */
  requests: string[];
  /** The same requests as AWS CLI commands. */
  awsCli: string[];
  /** Every request as JSON (the body of each upload named, not shown). */
  requestsJson: string;
  region: string | null;
}

/**
 * The kit's own files (the step runner) named from where the notebook runs (`../src/…`), not by this machine's
 * folder: the commands still work from there, and the checked output is the same in every clone.
 */
function fromHere(command: string): string {
  return command.split(PROJECT_ROOT + path.sep).join((path.relative(process.cwd(), PROJECT_ROOT) || '.') + path.sep);
}

/** What a run would send, sent nowhere: the engine's own dry run (`--dry-run --json`), taken apart for showing. */
export async function emrSubmissionPlan(settings: EmrNotebookSettings): Promise<EmrPlan> {
  const { input, output, values } = etlValues(settings, { 'dry-run': true });
  const engine = emrEngine(input, output, values);
  const doc = JSON.parse(await previewEtl(engine, input, output, true)) as {
    region: string | null;
    requests: Array<{ service: string; operation: string; input: Record<string, unknown> }>;
    awsCli: string[];
  };
  const target = (r: (typeof doc.requests)[number]) =>
    r.service === 'S3' ? ` s3://${r.input.Bucket}/${r.input.Key}` : r.input.JobFlowId ? ` on ${r.input.JobFlowId}` : ` (${r.input.Name})`;
  return {
    requests: doc.requests.map((r) => `${r.service} ${r.operation}${target(r)}`),
    awsCli: doc.awsCli.map(fromHere),
    requestsJson: JSON.stringify(doc.requests.map((r) => ({ service: r.service, operation: r.operation, input: r.input })), null, 2),
    region: doc.region,
  };
}

export interface EmrWaiting {
  /** false: submit and return (nothing is published until `sparkify emr publish`). Default true. */
  wait?: boolean;
  pollSeconds?: number;
  timeoutMinutes?: number;
}

/**
 * Submits the run to EMR for real and, by default, waits: each change of the step's or the cluster's state is
 * printed (on stdout, so JupyterLab shows it as the cell's output) until the step ends; then the lake checks and
 * publishes the tables, as `sparkify etl --engine emr` does.
 */
export async function submitToEmr(settings: EmrNotebookSettings, waiting: EmrWaiting = {}, out: NodeJS.WritableStream = process.stdout): Promise<EtlSummary> {
  if (!emrWillSubmit(settings)) throw new Error('set codePrefix and s3Output (s3:// locations of yours) to submit to EMR; without them the notebook shows the dry run');
  const { input, output, values } = etlValues(settings, {
    ...(waiting.wait === false ? { 'no-wait': true } : {}),
    ...(waiting.pollSeconds !== undefined ? { 'poll-seconds': String(waiting.pollSeconds) } : {}),
    ...(waiting.timeoutMinutes !== undefined ? { 'timeout-minutes': String(waiting.timeoutMinutes) } : {}),
  });
  return runEtl({ input, output, engine: emrEngine(input, output, values), progress: consoleProgress(out) });
}
