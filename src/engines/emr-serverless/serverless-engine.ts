import { CancelJobRunCommand, type JobRun } from '@aws-sdk/client-emr-serverless';
import { newRunId } from '../../core/run-id';
import { StillRunningError, type BuildJob, type BuildResult, type Engine, type IncrementalJob } from '../../core/run-contract';
import type { Progress } from '../../progress';
import { awsCall } from '../../storage/aws-errors';
import { buildSparkJobSpec, type SparkJobSpec } from '../spark-step/job-spec';
import { stepRunnerPath } from '../spark-step/step-runner';
import { checkS3Locations } from '../aws/cloud-options';
import { failureLine } from '../aws/log-tail';
import { resolvedRegion } from '../aws/region';
import { runCodeLocations } from '../aws/run-code';
import { readStepResult } from '../aws/step-result';
import { createServerlessClients, type ServerlessClients } from './serverless-clients';
import { readDriverStderrTail, waitForJobRun } from './serverless-monitoring';
import type { ServerlessOptions } from './serverless-options';
import { planServerlessSubmission, type ServerlessSubmission } from './serverless-requests';
import { sendServerlessSubmission, type SubmittedJobRun } from './serverless-submission';
import { formatServerlessDryRun, serverlessDryRunDocument } from './serverless-dry-run';
import { estimateForManifest, formatServerlessCost, measuredJobRunCost, serverlessEstimate } from './serverless-cost';
import { inputSizesFor } from '../aws/input-sizes';

/**
 * The Spark step runner and the models, run as an EMR Serverless job run: the same runner and job spec as
 * `spark` and `emr`. The lake hands out s3:// locations; this engine uploads the runner and the spec, starts the
 * job run (on the given application, or the kit's own), waits for it, and returns what the runner wrote to the
 * spec's resultPath. Publishing stays with the lake.
 */
export class ServerlessEngine implements Engine {
  readonly name = 'emr-serverless';
  private clientsMade?: ServerlessClients;

  constructor(
    readonly options: ServerlessOptions,
    clients?: ServerlessClients,
    private readonly runnerPath: string = stepRunnerPath(),
  ) {
    this.clientsMade = clients;
    if (options.dryRun) this.preview = (job, json) => this.dryRun(job, json);
  }

  /** Set with --dry-run: the requests of a run, printed and not sent; the lake is not touched either. */
  readonly preview?: Engine['preview'];

  private async dryRun(job: Pick<BuildJob, 'input' | 'locations' | 'runId'>, json: boolean): Promise<string> {
    const { spec, submission } = this.plan(job.input, job.locations, job.runId ?? newRunId());
    const region = await resolvedRegion(this.clients.emrServerless);
    const estimate = serverlessEstimate(this.options, region, await inputSizesFor(job.input));
    return json
      ? JSON.stringify(serverlessDryRunDocument(submission, spec, region, estimate), null, 2)
      : formatServerlessDryRun(submission, region, formatServerlessCost(estimate, region));
  }

  /** Made on first use, so a dry run or a bad argument never needs AWS configuration. */
  get clients(): ServerlessClients {
    return (this.clientsMade ??= createServerlessClients());
  }

  /** The spec and every request of a run, without sending anything. */
  plan(input: string, locations: Record<string, string>, runId: string, incremental?: IncrementalJob): { spec: SparkJobSpec; submission: ServerlessSubmission } {
    checkS3Locations(this.name, input, locations);
    const code = runCodeLocations(this.options.codePrefix, runId);
    const spec = buildSparkJobSpec(input, locations, code.resultUri, incremental);
    return { spec, submission: planServerlessSubmission(runId, spec, code, this.options, this.runnerPath) };
  }

  async build(job: BuildJob): Promise<BuildResult> {
    const runId = job.runId ?? newRunId();
    const { submission } = this.plan(job.input, job.locations, runId, job.incremental);
    const region = await resolvedRegion(this.clients.emrServerless);
    const estimate = serverlessEstimate(this.options, region, await inputSizesFor(job.input, job.listed));
    if (!('notMade' in estimate)) job.progress.log(`estimated cost: $${estimate.totalDollars.toFixed(2)} (${estimate.totalMinutes.toFixed(1)} min; sparkify etl … --dry-run lists what it rests on)`);
    job.progress.log(`uploading the step runner and the job spec under ${this.options.codePrefix}`);
    const submitted = await sendServerlessSubmission(this.clients, submission, job.progress);
    job.progress.log(`started job run ${submitted.jobRunId} on application ${submitted.applicationId}`);
    const publish = publishCommand(job.output, this.options.codePrefix, runId);
    if (!this.options.wait) return pendingResult(submitted, publish, runId);
    const jobRun = await this.awaitJobRun(job.progress, submitted, publish);
    const result = await readStepResult(this.clients.s3, submission.code.resultUri);
    if (!result) throw new Error(`job run ${submitted.jobRunId} succeeded but wrote no result at ${submission.code.resultUri}; nothing was published`);
    const measured = measuredJobRunCost(jobRun, this.options, region);
    if (measured) job.progress.log(`measured cost: $${measured.dollars.toFixed(3)} (${measured.vcpuHours} vCPU-h, ${measured.memoryGbHours} GB-h memory, ${measured.storageGbHours} GB-h storage)`);
    const recorded = estimateForManifest(estimate);
    return { ...result, cost: { ...(recorded ? { estimate: recorded } : {}), ...(measured ? { measured } : {}) } };
  }

  /** Waits for the job run to end; Ctrl-C cancels it (a second Ctrl-C quits at once). */
  private async awaitJobRun(progress: Progress, submitted: SubmittedJobRun, publish: string): Promise<JobRun> {
    const { applicationId, jobRunId } = submitted;
    let cancelled = false;
    const onInterrupt = () => {
      cancelled = true;
      progress.log(`Ctrl-C: cancelling job run ${jobRunId} on application ${applicationId} (Ctrl-C again quits without waiting for it)`);
      void awsCall(`EMR Serverless CancelJobRun ${jobRunId}`, () => this.clients.emrServerless.send(new CancelJobRunCommand({ applicationId, jobRunId }))).catch((err) =>
        progress.log(`could not cancel job run ${jobRunId}: ${(err as Error).message}`),
      );
    };
    process.once('SIGINT', onInterrupt);
    let outcome;
    try {
      outcome = await waitForJobRun(this.clients.emrServerless, applicationId, jobRunId, { progress, ...this.options });
    } finally {
      process.removeListener('SIGINT', onInterrupt);
    }
    const { jobRun } = outcome;
    const follow = `sparkify emr-serverless status --application-id ${applicationId} --job-run-id ${jobRunId}`;
    if (outcome.kind === 'timed-out') {
      throw new StillRunningError(
        `stopped waiting after ${this.options.timeoutMinutes} min; job run ${jobRunId} is still ${jobRun.state} on ${applicationId} and nothing was published; follow it with: ${follow}; once it has succeeded: ${publish}`,
      );
    }
    if (jobRun.state === 'CANCELLED') {
      throw new Error(`job run ${jobRunId} on application ${applicationId} was cancelled${cancelled ? ' (Ctrl-C)' : jobRun.stateDetails ? ` (${jobRun.stateDetails})` : ''}; nothing was published`);
    }
    if (jobRun.state !== 'SUCCESS') {
      const cause = await this.driverFailure(applicationId, jobRunId);
      throw new Error(
        `EMR Serverless job run ${jobRunId} ${jobRun.state}${jobRun.stateDetails ? ` (${jobRun.stateDetails})` : ''}${cause}; nothing was published; the driver's stderr: sparkify emr-serverless logs --application-id ${applicationId} --job-run-id ${jobRunId}`,
      );
    }
    return jobRun;
  }

  /** The driver's own error, from its stderr on S3, as `: <line> (<uri>)`; empty when it cannot be read. */
  private async driverFailure(applicationId: string, jobRunId: string): Promise<string> {
    try {
      const tail = await readDriverStderrTail(this.clients, applicationId, jobRunId, 400, this.options.logUri);
      const line = failureLine(tail.lines);
      return line ? `: ${line} (${tail.uri})` : '';
    } catch {
      return '';
    }
  }
}

/** The command that publishes a run whose job run succeeded while nobody waited for it. */
function publishCommand(output: string | undefined, codePrefix: string, runId: string): string {
  return `sparkify emr-serverless publish --output ${output ?? '<output>'} --code-prefix ${codePrefix} --run-id ${runId}`;
}

function pendingResult(submitted: SubmittedJobRun, publish: string, runId: string): BuildResult {
  const follow = `sparkify emr-serverless status --application-id ${submitted.applicationId} --job-run-id ${submitted.jobRunId}`;
  return {
    sources: [],
    tables: [],
    quarantined: 0,
    pending: {
      message: `application ${submitted.applicationId}, job run ${submitted.jobRunId}: started, not waiting (--no-wait), so nothing is published yet; follow it with: ${follow}; once it has succeeded, check and publish its tables with: ${publish}`,
      ids: { applicationId: submitted.applicationId, jobRunId: submitted.jobRunId, runId },
    },
  };
}
