import { UserError } from '../../errors';
import { optionalNumber, type OptionSpec, type Values } from '../../core/options';
import { checkS3Locations as checkCloudLocations, resolveCloudOptions, type CloudOptions, type CloudSettings } from '../aws/cloud-options';

/**
 * Where and how an EMR run happens. Every field has a default except the code prefix, which must be a bucket
 * the user owns; `clusterId` picks an existing cluster, otherwise a transient one is created for the run.
 */
export interface EmrOptions extends CloudOptions {
  /** An existing cluster to add the step to; absent: create a transient cluster that ends with the step. */
  clusterId?: string;
  releaseLabel: string;
  primaryInstanceType: string;
  coreInstanceType: string;
  coreInstanceCount: number;
  serviceRole: string;
  /** The EC2 instance profile of the cluster's nodes. */
  jobFlowRole: string;
  subnetId?: string;
  /** Extra `--conf key=value` for spark-submit. */
  sparkConf: Record<string, string>;
}

export const EMR_DEFAULTS = {
  // EMR 7.13.0 ships Spark 3.5.6 (the kit's local Spark is 3.5.x), Python 3.9 and 3.11.
  releaseLabel: 'emr-7.13.0',
  primaryInstanceType: 'm5.xlarge',
  coreInstanceType: 'm5.xlarge',
  coreInstanceCount: 2,
  // The roles `aws emr create-default-roles` creates.
  serviceRole: 'EMR_DefaultRole',
  jobFlowRole: 'EMR_EC2_DefaultRole',
  tags: { project: 'sparkify', 'created-by': 'sparkify-lake-kit' },
  // One attempt: a failed run fails once, visibly, instead of YARN re-running the whole job over its output.
  sparkConf: { 'spark.yarn.maxAppAttempts': '1' },
  pollSeconds: 10,
  maxPollSeconds: 60,
} as const;

/** The options as given (CLI strings, or set by code), before defaults. */
export interface EmrSettings extends CloudSettings {
  clusterId?: string;
  releaseLabel?: string;
  instanceType?: string;
  primaryInstanceType?: string;
  coreInstanceType?: string;
  coreInstanceCount?: number;
  serviceRole?: string;
  jobFlowRole?: string;
  subnetId?: string;
  sparkConf?: Record<string, string>;
}

/** Fills in the defaults and checks what would only fail later, on AWS. */
export function resolveEmrOptions(settings: EmrSettings): EmrOptions {
  const cloud = resolveCloudOptions('emr', settings, EMR_DEFAULTS);
  const coreInstanceCount = settings.coreInstanceCount ?? EMR_DEFAULTS.coreInstanceCount;
  if (!Number.isInteger(coreInstanceCount) || coreInstanceCount < 1) throw new UserError(`--core-instance-count must be 1 or more, got ${coreInstanceCount}`);
  if (settings.clusterId !== undefined && !/^j-[A-Z0-9]+$/.test(settings.clusterId)) {
    throw new UserError(`--cluster-id must look like j-XXXXXXXXXXXXX, got "${settings.clusterId}"`);
  }
  return {
    ...cloud,
    clusterId: settings.clusterId,
    releaseLabel: settings.releaseLabel ?? EMR_DEFAULTS.releaseLabel,
    primaryInstanceType: settings.primaryInstanceType ?? settings.instanceType ?? EMR_DEFAULTS.primaryInstanceType,
    coreInstanceType: settings.coreInstanceType ?? settings.instanceType ?? EMR_DEFAULTS.coreInstanceType,
    coreInstanceCount,
    serviceRole: settings.serviceRole ?? EMR_DEFAULTS.serviceRole,
    jobFlowRole: settings.jobFlowRole ?? EMR_DEFAULTS.jobFlowRole,
    subnetId: settings.subnetId,
    sparkConf: { ...EMR_DEFAULTS.sparkConf, ...settings.sparkConf },
  };
}

/** On EMR everything is read and written by the cluster, so the input and every output must be on S3. */
export function checkS3Locations(input: string, locations: Record<string, string>): void {
  checkCloudLocations('emr', input, locations);
}

/** The etl options that only --engine emr reads. */
export const EMR_ETL_OPTIONS: OptionSpec = {
  'code-prefix': { type: 'string' },
  'cluster-id': { type: 'string' },
  'release-label': { type: 'string' },
  'instance-type': { type: 'string' },
  'core-instance-count': { type: 'string' },
  'log-uri': { type: 'string' },
  'service-role': { type: 'string' },
  'job-flow-role': { type: 'string' },
  'subnet-id': { type: 'string' },
  tag: { type: 'string', multiple: true },
  'no-wait': { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  'poll-seconds': { type: 'string' },
  'timeout-minutes': { type: 'string' },
};

export const EMR_ETL_USAGE = `--engine emr --code-prefix s3://BUCKET/PREFIX [--cluster-id j-…] [--release-label ${EMR_DEFAULTS.releaseLabel}]
            [--instance-type ${EMR_DEFAULTS.coreInstanceType}] [--core-instance-count ${EMR_DEFAULTS.coreInstanceCount}] [--log-uri s3://…] [--service-role ${EMR_DEFAULTS.serviceRole}]
            [--job-flow-role ${EMR_DEFAULTS.jobFlowRole}] [--subnet-id subnet-…] [--tag KEY=VALUE]… [--no-wait] [--dry-run]
            [--poll-seconds ${EMR_DEFAULTS.pollSeconds}] [--timeout-minutes M]`;

export function emrSettingsFrom(values: Values): EmrSettings {
  const text = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  const tags = values.tag as unknown as string[] | undefined;
  return {
    codePrefix: text('code-prefix'),
    clusterId: text('cluster-id'),
    releaseLabel: text('release-label'),
    instanceType: text('instance-type'),
    coreInstanceCount: optionalNumber(values, 'core-instance-count'),
    logUri: text('log-uri'),
    serviceRole: text('service-role'),
    jobFlowRole: text('job-flow-role'),
    subnetId: text('subnet-id'),
    tags,
    wait: values['no-wait'] ? false : undefined,
    dryRun: values['dry-run'] === true,
    pollSeconds: optionalNumber(values, 'poll-seconds', false),
    timeoutMinutes: optionalNumber(values, 'timeout-minutes', false),
  };
}
