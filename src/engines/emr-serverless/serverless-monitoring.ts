import { GetJobRunCommand, type JobRun, type EMRServerlessClient } from '@aws-sdk/client-emr-serverless';
import type { S3Client } from '@aws-sdk/client-s3';
import { UserError } from '../../errors';
import { awsCall } from '../../storage/aws-errors';
import { s3Join } from '../../storage/s3-uri';
import { readLogTail, type LogTail } from '../aws/log-tail';
import { formatDuration, pollUntilDone, type WaitOptions } from '../aws/poll';

export const JOB_DONE_STATES = new Set(['SUCCESS', 'FAILED', 'CANCELLED']);

export async function getJobRun(client: EMRServerlessClient, applicationId: string, jobRunId: string): Promise<JobRun> {
  const { jobRun } = await awsCall(`EMR Serverless GetJobRun ${jobRunId} on ${applicationId}`, () => client.send(new GetJobRunCommand({ applicationId, jobRunId })));
  if (!jobRun) throw new UserError(`EMR Serverless GetJobRun: application ${applicationId} has no job run ${jobRunId}`);
  return jobRun;
}

/** How a wait ended: the job run reached a final state, or the wait timed out. */
export type JobWaitOutcome = { kind: 'done' | 'timed-out'; jobRun: JobRun };

/** Polls the job run until it ends, printing each change of state (SUBMITTED, SCHEDULED, RUNNING…) with the time waited. */
export async function waitForJobRun(client: EMRServerlessClient, applicationId: string, jobRunId: string, options: WaitOptions): Promise<JobWaitOutcome> {
  const { done, status } = await pollUntilDone(() => getJobRun(client, applicationId, jobRunId), {
    describe: (run) => run.state ?? 'UNKNOWN',
    announce: (run, state, waited) => `EMR Serverless ${jobRunId} on ${applicationId}: ${state}${run.stateDetails ? ` (${run.stateDetails})` : ''} (waited ${waited})`,
    isDone: (run) => JOB_DONE_STATES.has(run.state ?? ''),
  }, options);
  return { kind: done ? 'done' : 'timed-out', jobRun: status };
}

/** One line per fact, for `sparkify emr-serverless status` and the end of a wait. */
export function formatJobRun(run: JobRun): string {
  const lines = [`job run ${run.jobRunId} (${run.name ?? 'unnamed'}) on application ${run.applicationId}: ${run.state}${run.stateDetails ? ` (${run.stateDetails})` : ''}`];
  if (run.createdAt) lines.push(`submitted ${run.createdAt.toISOString()}${run.totalExecutionDurationSeconds ? `, ran ${formatDuration(run.totalExecutionDurationSeconds * 1000)}` : ''}`);
  const used = run.totalResourceUtilization;
  if (used) lines.push(`used ${used.vCPUHour ?? 0} vCPU-hours, ${used.memoryGBHour ?? 0} GB-hours of memory, ${used.storageGBHour ?? 0} GB-hours of storage`);
  const billed = run.billedResourceUtilization;
  if (billed) lines.push(`billed ${billed.vCPUHour ?? 0} vCPU-hours, ${billed.memoryGBHour ?? 0} GB-hours of memory, ${billed.storageGBHour ?? 0} GB-hours of storage`);
  if (run.state === 'FAILED') lines.push(`driver stderr: sparkify emr-serverless logs --application-id ${run.applicationId} --job-run-id ${run.jobRunId}`);
  return lines.join('\n');
}

/**
 * Where EMR Serverless copies a job run's logs when it has an S3 log location:
 * `<logUri>/applications/<application>/jobs/<job run>/SPARK_DRIVER/stderr.gz` holds the driver's stderr (the
 * Python traceback of a failed runner; executors' logs sit beside it under their own ids).
 */
export function driverLogUri(logUri: string, applicationId: string, jobRunId: string, file = 'stderr.gz'): string {
  return s3Join(logUri, 'applications', applicationId, 'jobs', jobRunId, 'SPARK_DRIVER', file);
}

/** The job run's own S3 log location, as it was submitted. */
export function jobRunLogUri(run: JobRun): string | undefined {
  return run.configurationOverrides?.monitoringConfiguration?.s3MonitoringConfiguration?.logUri;
}

/** The last `lines` lines of the driver's stderr, from the job run's log location unless one is given. */
export async function readDriverStderrTail(clients: { emrServerless: EMRServerlessClient; s3: S3Client }, applicationId: string, jobRunId: string, lines: number, logUri?: string): Promise<LogTail> {
  const base = logUri ?? jobRunLogUri(await getJobRun(clients.emrServerless, applicationId, jobRunId));
  if (!base) throw new UserError(`job run ${jobRunId} has no S3 log location, so its driver log was not kept on S3; give --log-uri if it is elsewhere`);
  const uri = driverLogUri(base, applicationId, jobRunId);
  return readLogTail(clients.s3, uri, lines, `no driver stderr for job run ${jobRunId} at ${uri} yet: EMR Serverless copies it there while the job runs and when it ends; try again shortly`);
}
