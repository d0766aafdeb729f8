import type { SparkJobSpec } from '../spark/job-spec';
import { awsCliCommand } from './aws-cli-command';
import type { EmrSubmission } from './emr-submission';

/** What --dry-run shows: every request a run would send, in order, and the same as AWS CLI commands. */
export function dryRunRequests(submission: EmrSubmission) {
  return [
    ...submission.uploads.map((u) => ({ service: 'S3', operation: 'PutObject', input: u.request as object, body: u.source as string | undefined })),
    { service: 'EMR', operation: submission.request.operation, input: submission.request.input as object, body: undefined },
  ];
}

/** --dry-run --json: the requests, the spec (the body of the second upload) and the CLI commands. */
export function dryRunDocument(submission: EmrSubmission, spec: SparkJobSpec, region: string | undefined) {
  return { region: region ?? null, requests: dryRunRequests(submission), spec, awsCli: awsCliCommands(submission, region) };
}

export function formatDryRun(submission: EmrSubmission, region: string | undefined): string {
  return [
    `# dry run: nothing was sent. Region: ${region ?? 'none configured (set AWS_REGION or a profile region)'}.`,
    ...dryRunRequests(submission).map((r, i) => `# request ${i + 1}: ${r.service} ${r.operation}${r.body ? ` (body: ${r.body})` : ''}\n${JSON.stringify(r.input, null, 2)}`),
    '# the same with the AWS CLI (--json prints the spec itself):',
    awsCliCommands(submission, region).join('\n'),
  ].join('\n');
}

function awsCliCommands(submission: EmrSubmission, region: string | undefined): string[] {
  const regionArg = region ? ` --region ${region}` : '';
  return [
    ...submission.uploads.map((u, i) => `aws s3 cp ${i === 0 ? u.source : 'spec.json'} s3://${u.request.Bucket}/${u.request.Key}${regionArg}`),
    awsCliCommand(submission.request, region),
  ];
}
