import { optionalNumber, type OptionSpec, type Values } from '../../core/options';
import { UserError } from '../../errors';
import { resolveCloudOptions, type CloudOptions, type CloudSettings } from '../aws/cloud-options';

/**
 * Where and how an EMR Serverless run happens. The code prefix and the execution role have no default (a bucket
 * and a role of the user's own); `applicationId` picks an existing application, otherwise the kit finds or
 * creates its own (one per release label and architecture, reused by later runs).
 */
export interface ServerlessOptions extends CloudOptions {
  applicationId?: string;
  /** The IAM role the job run assumes: reads the input, writes the lake and the logs. */
  executionRoleArn: string;
  releaseLabel: string;
  architecture: 'X86_64' | 'ARM64';
  /** The application's ceiling: the job cannot scale past it, so it also caps the bill per hour. */
  maxVcpu: number;
  maxMemoryGb: number;
  /** Minutes idle before the kit's application stops (a stopped application costs nothing). */
  autoStopMinutes: number;
  /** Spark properties of the job: the size of the driver and executors. */
  sparkConf: Record<string, string>;
}

export const SERVERLESS_DEFAULTS = {
  // The same release as --engine emr: Spark 3.5.x, as the kit's local Spark.
  releaseLabel: 'emr-7.13.0',
  architecture: 'X86_64',
  maxVcpu: 16,
  maxMemoryGb: 64,
  autoStopMinutes: 15,
  tags: { project: 'sparkify', 'created-by': 'sparkify-lake-kit' },
  // One 4 vCPU / 16 GB driver and up to three executors of the same size (16 vCPU in all, the default ceiling);
  // the memory settings leave room for Spark's overhead inside each 16 GB worker.
  sparkConf: {
    'spark.driver.cores': '4',
    'spark.driver.memory': '12g',
    'spark.executor.cores': '4',
    'spark.executor.memory': '12g',
    'spark.dynamicAllocation.maxExecutors': '3',
  },
  pollSeconds: 10,
  maxPollSeconds: 60,
} as const;

/** The options as given (CLI strings, or set by code), before defaults. */
export interface ServerlessSettings extends CloudSettings {
  applicationId?: string;
  executionRoleArn?: string;
  releaseLabel?: string;
  architecture?: string;
  maxVcpu?: number;
  maxMemoryGb?: number;
  autoStopMinutes?: number;
  sparkConf?: Record<string, string>;
}

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@\/-]+$/;

/** Fills in the defaults and checks what would only fail later, on AWS. */
export function resolveServerlessOptions(settings: ServerlessSettings): ServerlessOptions {
  const cloud = resolveCloudOptions('emr-serverless', settings, SERVERLESS_DEFAULTS);
  const role = settings.executionRoleArn;
  if (!role) throw new UserError('--engine emr-serverless needs --execution-role-arn arn:aws:iam::ACCOUNT:role/NAME (the role the job run assumes; docs/spark-emr.md lists its permissions)');
  if (!ROLE_ARN.test(role)) throw new UserError(`--execution-role-arn must look like arn:aws:iam::123456789012:role/NAME, got "${role}"`);
  if (settings.applicationId !== undefined && !/^[0-9a-z]{16}$/.test(settings.applicationId)) {
    throw new UserError(`--application-id must be 16 lowercase letters and digits (as aws emr-serverless list-applications shows), got "${settings.applicationId}"`);
  }
  const architecture = (settings.architecture ?? SERVERLESS_DEFAULTS.architecture).toUpperCase().replace('-', '_');
  if (architecture !== 'X86_64' && architecture !== 'ARM64') throw new UserError(`--architecture must be x86_64 or arm64, got "${settings.architecture}"`);
  const positive = (flag: string, value: number | undefined, fallback: number) => {
    const v = value ?? fallback;
    if (!(v > 0)) throw new UserError(`--${flag} must be more than 0, got ${v}`);
    return v;
  };
  return {
    ...cloud,
    applicationId: settings.applicationId,
    executionRoleArn: role,
    releaseLabel: settings.releaseLabel ?? SERVERLESS_DEFAULTS.releaseLabel,
    architecture,
    maxVcpu: positive('max-vcpu', settings.maxVcpu, SERVERLESS_DEFAULTS.maxVcpu),
    maxMemoryGb: positive('max-memory-gb', settings.maxMemoryGb, SERVERLESS_DEFAULTS.maxMemoryGb),
    autoStopMinutes: positive('auto-stop-minutes', settings.autoStopMinutes, SERVERLESS_DEFAULTS.autoStopMinutes),
    sparkConf: { ...SERVERLESS_DEFAULTS.sparkConf, ...settings.sparkConf },
  };
}

/** The etl options --engine emr-serverless reads (those named as EMR's mean the same there). */
export const SERVERLESS_ETL_OPTIONS: OptionSpec = {
  'code-prefix': { type: 'string' },
  'application-id': { type: 'string' },
  'execution-role-arn': { type: 'string' },
  'release-label': { type: 'string' },
  architecture: { type: 'string' },
  'max-vcpu': { type: 'string' },
  'max-memory-gb': { type: 'string' },
  'auto-stop-minutes': { type: 'string' },
  'log-uri': { type: 'string' },
  tag: { type: 'string', multiple: true },
  'no-wait': { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  'poll-seconds': { type: 'string' },
  'timeout-minutes': { type: 'string' },
};

export const SERVERLESS_ETL_USAGE = `--engine emr-serverless --code-prefix s3://BUCKET/PREFIX --execution-role-arn arn:aws:iam::ACCOUNT:role/NAME
            [--application-id ID] [--release-label ${SERVERLESS_DEFAULTS.releaseLabel}] [--architecture x86_64|arm64]
            [--max-vcpu ${SERVERLESS_DEFAULTS.maxVcpu}] [--max-memory-gb ${SERVERLESS_DEFAULTS.maxMemoryGb}] [--auto-stop-minutes ${SERVERLESS_DEFAULTS.autoStopMinutes}]
            [--log-uri s3://…] [--tag KEY=VALUE]… [--no-wait] [--dry-run] [--poll-seconds ${SERVERLESS_DEFAULTS.pollSeconds}] [--timeout-minutes M]`;

export function serverlessSettingsFrom(values: Values): ServerlessSettings {
  const text = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  return {
    codePrefix: text('code-prefix'),
    applicationId: text('application-id'),
    executionRoleArn: text('execution-role-arn'),
    releaseLabel: text('release-label'),
    architecture: text('architecture'),
    maxVcpu: optionalNumber(values, 'max-vcpu'),
    maxMemoryGb: optionalNumber(values, 'max-memory-gb', false),
    autoStopMinutes: optionalNumber(values, 'auto-stop-minutes', false),
    logUri: text('log-uri'),
    tags: values.tag as unknown as string[] | undefined,
    wait: values['no-wait'] !== true,
    dryRun: values['dry-run'] === true,
    pollSeconds: optionalNumber(values, 'poll-seconds', false),
    timeoutMinutes: optionalNumber(values, 'timeout-minutes', false),
  };
}
