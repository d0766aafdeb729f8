import type { SparkJobSpec } from '../spark-step/job-spec';
import { shellQuote, uploadCliCommands } from '../aws/run-code';
import type { ServerlessSubmission } from './serverless-requests';

/** What --dry-run shows: every request a run would send, in order. */
export function serverlessDryRunRequests(submission: ServerlessSubmission) {
  return [
    ...submission.uploads.map((u) => ({ service: 'S3', operation: 'PutObject', input: u.request as object, body: u.source as string | undefined, note: undefined as string | undefined })),
    ...(submission.createApplication
      ? [{ service: 'EMR Serverless', operation: 'CreateApplication', input: submission.createApplication as object, body: undefined, note: `only when no application named ${submission.createApplication.name} exists yet (ListApplications finds it)` }]
      : []),
    { service: 'EMR Serverless', operation: 'StartJobRun', input: submission.startJobRun as object, body: undefined, note: undefined },
  ];
}

/** The `aws emr-serverless` commands that send the same requests, single-quoted for a POSIX shell. */
export function serverlessCliCommands(submission: ServerlessSubmission, region: string | undefined): string[] {
  const regionArgs = region ? ['--region', region] : [];
  const commands: string[][] = [];
  const app = submission.createApplication;
  if (app) {
    commands.push([
      'create-application', '--name', app.name!, '--type', 'SPARK', '--release-label', app.releaseLabel!, '--architecture', app.architecture!,
      '--maximum-capacity', JSON.stringify(app.maximumCapacity), '--auto-start-configuration', JSON.stringify(app.autoStartConfiguration),
      '--auto-stop-configuration', JSON.stringify(app.autoStopConfiguration), '--tags', JSON.stringify(app.tags), ...regionArgs,
    ]);
  }
  const run = submission.startJobRun;
  commands.push([
    'start-job-run', '--application-id', run.applicationId!, '--name', run.name!, '--execution-role-arn', run.executionRoleArn!, '--client-token', run.clientToken!,
    '--job-driver', JSON.stringify(run.jobDriver), '--configuration-overrides', JSON.stringify(run.configurationOverrides),
    ...(run.executionTimeoutMinutes !== undefined ? ['--execution-timeout-minutes', String(run.executionTimeoutMinutes)] : []),
    '--tags', JSON.stringify(run.tags), ...regionArgs,
  ]);
  return [
    ...uploadCliCommands(submission.uploads, region),
    ...commands.map((args) => ['aws', 'emr-serverless', ...args].map((a, i) => (i > 1 && a.startsWith('--') ? ` \\\n  ${a}` : i > 0 ? ` ${shellQuote(a)}` : a)).join('')),
  ];
}

/** --dry-run --json: the requests, the spec (the body of the second upload), the CLI commands and the estimate. */
export function serverlessDryRunDocument(submission: ServerlessSubmission, spec: SparkJobSpec, region: string | undefined, estimate?: object) {
  return { region: region ?? null, requests: serverlessDryRunRequests(submission), spec, awsCli: serverlessCliCommands(submission, region), ...(estimate ? { estimate } : {}) };
}

export function formatServerlessDryRun(submission: ServerlessSubmission, region: string | undefined, estimateLines: string[] = []): string {
  return [
    `# dry run: nothing was sent. Region: ${region ?? 'none configured (set AWS_REGION or a profile region)'}.`,
    ...serverlessDryRunRequests(submission).map(
      (r, i) => `# request ${i + 1}: ${r.service} ${r.operation}${r.body ? ` (body: ${r.body})` : ''}${r.note ? ` (${r.note})` : ''}\n${JSON.stringify(r.input, null, 2)}`,
    ),
    '# the same with the AWS CLI (--json prints the spec itself):',
    serverlessCliCommands(submission, region).join('\n'),
    ...estimateLines,
  ].join('\n');
}
