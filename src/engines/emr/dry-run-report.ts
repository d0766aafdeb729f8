import type { SparkJobSpec } from '../spark/job-spec';
import { awsCliCommand } from './aws-cli-command';
import type { EmrSubmission } from './emr-submission';

/** What --dry-run shows: every request a run would send, in order, as JSON, and the same as AWS CLI commands. */
export function dryRunDocument(submission: EmrSubmission, spec: SparkJobSpec, region: string | undefined) {
  return {
    region: region ?? null,
    requests: [
      ...submission.uploads.map((u) => ({ service: 'S3', operation: 'PutObject', input: u.request, body: u.source })),
      { service: 'EMR', operation: submission.request.operation, input: submission.request.input },
    ],
    spec,
    awsCli: awsCliCommands(submission, region),
  };
}

export function formatDryRun(submission: EmrSubmission, region: string | undefined): string {
  const doc = dryRunDocument(submission, {} as SparkJobSpec, region);
  return [
    `# dry run: nothing was sent. Region: ${region ?? 'none configured (set AWS_REGION or a profile region)'}.`,
    ...doc.requests.map((r, i) => `# request ${i + 1}: ${r.service} ${r.operation}${'body' in r ? ` (body: ${r.body})` : ''}\n${JSON.stringify(r.input, null, 2)}`),
    '# the same with the AWS CLI (--json prints the spec itself):',
    doc.awsCli.join('\n'),
  ].join('\n');
}

function awsCliCommands(submission: EmrSubmission, region: string | undefined): string[] {
  const regionArg = region ? ` --region ${region}` : '';
  return [
    ...submission.uploads.map((u, i) => `aws s3 cp ${i === 0 ? u.source : 'spec.json'} s3://${u.request.Bucket}/${u.request.Key}${regionArg}`),
    awsCliCommand(submission.request, region),
  ];
}
