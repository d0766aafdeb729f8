import type { StepConfig } from '@aws-sdk/client-emr';
import type { EmrRequest, EmrSubmission } from './submission';
import type { SparkJobSpec } from '../spark-step/job-spec';
import { shellQuote as quote, uploadCliCommands } from '../aws/run-code';
import { dryRunEstimate, formatDryRunCost } from './dry-run-cost';
import type { InputSizes } from '../aws-cost/input-size';

/**
 * The `aws emr` command that sends the same request, for people who want to run or adapt it by hand (the
 * uploads are `aws s3 cp` of the runner and the spec). JSON arguments are single-quoted for a POSIX shell.
 */
export function awsCliCommand(request: EmrRequest, region?: string): string {
  const args = request.operation === 'RunJobFlow' ? createClusterArgs(request.input) : addStepsArgs(request.input);
  if (region) args.push('--region', region);
  return ['aws', 'emr', ...args].map((a, i) => (i > 0 && a.startsWith('--') ? ` \\\n  ${a}` : i > 0 ? ` ${a}` : a)).join('');
}

function createClusterArgs(input: Extract<EmrRequest, { operation: 'RunJobFlow' }>['input']): string[] {
  const instances = input.Instances ?? {};
  const ec2Attributes = [`InstanceProfile=${input.JobFlowRole}`, ...(instances.Ec2SubnetId ? [`SubnetId=${instances.Ec2SubnetId}`] : [])].join(',');
  const groups = (instances.InstanceGroups ?? []).map((g) => ({
    Name: g.Name,
    InstanceGroupType: g.InstanceRole,
    InstanceType: g.InstanceType,
    InstanceCount: g.InstanceCount,
    // The CLI has no Market key: a group without BidPrice is on demand.
  }));
  return [
    'create-cluster',
    '--name', quote(input.Name ?? ''),
    '--release-label', input.ReleaseLabel ?? '',
    '--applications', (input.Applications ?? []).map((a) => `Name=${a.Name}`).join(' '),
    '--log-uri', quote(input.LogUri ?? ''),
    '--service-role', input.ServiceRole ?? '',
    '--ec2-attributes', ec2Attributes,
    '--instance-groups', quote(JSON.stringify(groups)),
    '--steps', quote(JSON.stringify((input.Steps ?? []).map(cliStep))),
    instances.KeepJobFlowAliveWhenNoSteps === false ? '--auto-terminate' : '--no-auto-terminate',
    '--tags', ...(input.Tags ?? []).map((t) => quote(`${t.Key}=${t.Value}`)),
  ];
}

function addStepsArgs(input: Extract<EmrRequest, { operation: 'AddJobFlowSteps' }>['input']): string[] {
  return ['add-steps', '--cluster-id', input.JobFlowId ?? '', '--steps', quote(JSON.stringify((input.Steps ?? []).map(cliStep)))];
}

/** The CLI's --steps form of a StepConfig (Type/Jar/Args at the top level). */
function cliStep(step: StepConfig) {
  return { Type: 'CUSTOM_JAR', Name: step.Name, ActionOnFailure: step.ActionOnFailure, Jar: step.HadoopJarStep?.Jar, Args: step.HadoopJarStep?.Args };
}

/** What --dry-run shows: every request a run would send, in order, and the same as AWS CLI commands. */
export function dryRunRequests(submission: EmrSubmission) {
  return [
    ...submission.uploads.map((u) => ({ service: 'S3', operation: 'PutObject', input: u.request as object, body: u.source as string | undefined })),
    { service: 'EMR', operation: submission.request.operation, input: submission.request.input as object, body: undefined },
  ];
}

/** --dry-run --json: the requests, the spec (the body of the second upload), the CLI commands and the cost estimate. */
export function dryRunDocument(submission: EmrSubmission, spec: SparkJobSpec, region: string | undefined, sizes?: InputSizes) {
  return { region: region ?? null, requests: dryRunRequests(submission), spec, awsCli: awsCliCommands(submission, region), costEstimate: dryRunEstimate(submission, region, sizes) };
}

export function formatDryRun(submission: EmrSubmission, region: string | undefined, sizes?: InputSizes): string {
  return [
    `# dry run: nothing was sent. Region: ${region ?? 'none configured (set AWS_REGION or a profile region)'}.`,
    ...dryRunRequests(submission).map((r, i) => `# request ${i + 1}: ${r.service} ${r.operation}${r.body ? ` (body: ${r.body})` : ''}\n${JSON.stringify(r.input, null, 2)}`),
    '# the same with the AWS CLI (--json prints the spec itself):',
    awsCliCommands(submission, region).join('\n'),
    ...formatDryRunCost(submission, region, sizes),
  ].join('\n');
}

function awsCliCommands(submission: EmrSubmission, region: string | undefined): string[] {
  return [...uploadCliCommands(submission.uploads, region), awsCliCommand(submission.request, region)];
}
