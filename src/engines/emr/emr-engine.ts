import { newRunId } from '../../core/run-id';
import { StillRunningError, type BuildJob, type BuildResult, type Engine, type IncrementalJob } from '../../core/run-contract';
import { buildSparkJobSpec, type SparkJobSpec } from '../spark-step/job-spec';
import { createAwsClients, resolvedRegion, type AwsClients, planEmrSubmission, type EmrSubmission, runCodeLocations, readStepResult, sendSubmission, type SubmittedStep } from './submission';
import { type EmrOptions, checkS3Locations } from './emr-options';
import { clusterReason, formatStepStatus, stepState, waitForStep } from './monitoring';
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
    const region = await resolvedRegion(this.clients);
    return json ? JSON.stringify(dryRunDocument(submission, spec, region), null, 2) : formatDryRun(submission, region);
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
    job.progress.log(`uploading the step runner and the job spec under ${this.options.codePrefix}`);
    const submitted = await sendSubmission(this.clients, submission);
    const where = this.options.clusterId ? `cluster ${submitted.clusterId}` : `new transient cluster ${submitted.clusterId} (${this.options.releaseLabel}, 1 + ${this.options.coreInstanceCount} × ${this.options.coreInstanceType}; it terminates when the step ends)`;
    job.progress.log(`submitted step ${submitted.stepId} to ${where}`);
    if (!this.options.wait) return pendingResult(submitted, publishCommand(job.output, this.options.codePrefix, runId), runId);
    return this.await(job, submitted, submission.code.resultUri, publishCommand(job.output, this.options.codePrefix, runId));
  }

  private async await(job: BuildJob, submitted: SubmittedStep, resultUri: string, publish: string): Promise<BuildResult> {
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
    return this.readResult(resultUri);
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
