import { newRunId } from '../../core/run-id';
import { StillRunningError, type BuildJob, type BuildResult, type Engine, type IncrementalJob } from '../../core/run-contract';
import { buildSparkJobSpec, type SparkJobSpec } from '../spark-step/job-spec';
import { createAwsClients, type AwsClients, planEmrSubmission, type EmrSubmission, sendSubmission, type SubmittedStep } from './submission';
import { runCodeLocations } from '../aws/run-code';
import { readStepResult } from '../aws/step-result';
import { resolvedRegion } from '../aws/region';
import { type EmrOptions, checkS3Locations } from './emr-options';
import { clusterReason, formatStepStatus, stepState, waitForStep, type StepStatus } from './monitoring';
import { emrClusterCost } from './cluster-cost';
import { dryRunEstimate } from './dry-run-cost';
import { estimateRecord } from '../aws-cost/estimate-record';
import { DEFAULT_EMR_SHAPE } from '../aws-cost/emr-estimate';
import { inputSizesFor } from '../aws/input-sizes';
import type { RunCostMeasured } from '../../core/run-contract';
import { stepRunnerPath } from '../spark-step/step-runner';
import { dryRunDocument, formatDryRun } from './dry-run';

/**
 * The Spark step runner and the models, run as a step on EMR. The lake hands out s3:// locations; this engine
 * uploads the runner and the job spec, submits the step (to a transient cluster, or an existing one), waits
 * for it, and returns what the runner wrote to the spec's resultPath. Publishing stays with the lake.
 */
export class EmrEngine implements Engine {
  readonly name = 'emr';
  private clientsMade?: AwsClients;

  constructor(
    readonly options: EmrOptions,
    clients?: AwsClients,
    private readonly runnerPath: string = stepRunnerPath(),
  ) {
    this.clientsMade = clients;
    if (options.dryRun) this.preview = (job, json) => this.dryRun(job, json);
  }

  /** Set with --dry-run: the requests of a run, printed and not sent; the lake is not touched either. */
  readonly preview?: Engine['preview'];

  private async dryRun(job: Pick<BuildJob, 'input' | 'locations' | 'runId'>, json: boolean): Promise<string> {
    const { spec, submission } = this.plan(job.input, job.locations, job.runId ?? newRunId());
    const region = await resolvedRegion(this.clients.emr);
    const sizes = await inputSizesFor(job.input);
    return json ? JSON.stringify(dryRunDocument(submission, spec, region, sizes), null, 2) : formatDryRun(submission, region, sizes);
  }

  /** Made on first use, so a dry run or a bad argument never needs AWS configuration. */
  get clients(): AwsClients {
    return (this.clientsMade ??= createAwsClients());
  }

  /** The spec and every request of a run, without sending anything. */
  plan(input: string, locations: Record<string, string>, runId: string, incremental?: IncrementalJob): { spec: SparkJobSpec; submission: EmrSubmission } {
    checkS3Locations(input, locations);
    const code = runCodeLocations(this.options.codePrefix, runId);
    const spec = buildSparkJobSpec(input, locations, code.resultUri, incremental);
    return { spec, submission: planEmrSubmission(runId, spec, code, this.options, this.runnerPath) };
  }

  async build(job: BuildJob): Promise<BuildResult> {
    const runId = job.runId ?? newRunId();
    const { submission } = this.plan(job.input, job.locations, runId, job.incremental);
    const region = await resolvedRegion(this.clients.emr);
    const estimate = dryRunEstimate(submission, region, await inputSizesFor(job.input, job.listed));
    if (!('notMade' in estimate)) job.progress.log(`estimated cost: $${estimate.totalDollars.toFixed(2)} (${estimate.totalMinutes.toFixed(1)} min; sparkify etl … --dry-run lists what it rests on)`);
    job.progress.log(`uploading the step runner and the job spec under ${this.options.codePrefix}`);
    const submitted = await sendSubmission(this.clients, submission);
    const where = this.options.clusterId ? `cluster ${submitted.clusterId}` : `new transient cluster ${submitted.clusterId} (${this.options.releaseLabel}, 1 + ${this.options.coreInstanceCount} × ${this.options.coreInstanceType}; it terminates when the step ends)`;
    job.progress.log(`submitted step ${submitted.stepId} to ${where}`);
    if (!this.options.wait) return pendingResult(submitted, publishCommand(job.output, this.options.codePrefix, runId), runId);
    const { result, step } = await this.await(job, submitted, submission.code.resultUri, publishCommand(job.output, this.options.codePrefix, runId));
    const measured = await this.measuredCost(submitted.clusterId, region, step);
    if (measured) job.progress.log(`measured cost so far: $${measured.dollars.toFixed(3)} (${measured.instanceHours?.toFixed(2)} instance-hours; ${measured.source})`);
    return { ...result, cost: { ...('notMade' in estimate ? {} : { estimate: estimateRecord(estimate) }), ...(measured ? { measured } : {}) } };
  }

  /**
   * The instance-hours of the cluster's timeline (a transient cluster: creation until now, as it is still
   * terminating; a shared cluster: the step's own window). Never fails the run: a cost it cannot read is left out.
   */
  private async measuredCost(clusterId: string, region: string | undefined, step: StepStatus['step']): Promise<RunCostMeasured | null> {
    const timeline = step.Status?.Timeline;
    try {
      return await emrClusterCost(this.clients.emr, clusterId, region ?? DEFAULT_EMR_SHAPE.region, this.options.clusterId ? { step: { start: timeline?.StartDateTime, end: timeline?.EndDateTime } } : {});
    } catch {
      return null;
    }
  }

  private async await(job: BuildJob, submitted: SubmittedStep, resultUri: string, publish: string): Promise<{ result: BuildResult; step: StepStatus['step'] }> {
    const outcome = await waitForStep(this.clients.emr, submitted.clusterId, submitted.stepId, { progress: job.progress, ...this.options });
    const follow = `sparkify emr status --cluster-id ${submitted.clusterId} --step-id ${submitted.stepId}`;
    const state = stepState(outcome.status);
    if (outcome.kind === 'timed-out') {
      throw new StillRunningError(
        `stopped waiting after ${this.options.timeoutMinutes} min; step ${submitted.stepId} is still ${state} on ${submitted.clusterId} and nothing was published; follow it with: ${follow}; once it has completed: ${publish}`,
      );
    }
    if (outcome.kind === 'cluster-ended') {
      throw new Error(`cluster ${submitted.clusterId} ended${clusterReason(outcome.status.cluster)} while step ${submitted.stepId} was ${state}; nothing was published`);
    }
    if (state !== 'COMPLETED') {
      const details = formatStepStatus(outcome.status).split('\n').filter((l) => l.startsWith('failure:')).join('');
      throw new Error(`EMR step ${submitted.stepId} ${state}${details ? ` (${details})` : ''}; nothing was published; its stderr: sparkify emr logs --cluster-id ${submitted.clusterId} --step-id ${submitted.stepId}`);
    }
    return { result: await this.readResult(resultUri), step: outcome.status.step };
  }

  private async readResult(resultUri: string): Promise<BuildResult> {
    const result = await readStepResult(this.clients.s3, resultUri);
    if (!result) throw new Error(`the EMR step completed but wrote no result at ${resultUri}; nothing was published`);
    return result;
  }
}

/** The command that publishes a run whose step completed while nobody waited for it. */
function publishCommand(output: string | undefined, codePrefix: string, runId: string): string {
  return `sparkify emr publish --output ${output ?? '<output>'} --code-prefix ${codePrefix} --run-id ${runId}`;
}

function pendingResult(submitted: SubmittedStep, publish: string, runId: string): BuildResult {
  const follow = `sparkify emr status --cluster-id ${submitted.clusterId} --step-id ${submitted.stepId}`;
  return {
    sources: [],
    tables: [],
    quarantined: 0,
    pending: {
      message: `cluster ${submitted.clusterId}, step ${submitted.stepId}: submitted, not waiting (--no-wait), so nothing is published yet; follow it with: ${follow}; once it has completed, check and publish its tables with: ${publish}`,
      ids: { clusterId: submitted.clusterId, stepId: submitted.stepId, runId },
    },
  };
}
