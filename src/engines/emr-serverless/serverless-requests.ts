import type { CreateApplicationRequest, StartJobRunRequest } from '@aws-sdk/client-emr-serverless';
import type { SparkJobSpec } from '../spark-step/job-spec';
import { planUploads, type RunCode, type Upload } from '../aws/run-code';
import type { ServerlessOptions } from './serverless-options';

/**
 * The kit's own application for a release and architecture: later runs find it by this name and reuse it,
 * so a team has one application to watch rather than one per run.
 */
export function kitApplicationName(options: Pick<ServerlessOptions, 'releaseLabel' | 'architecture'>): string {
  return `sparkify-etl-${options.releaseLabel}-${options.architecture.toLowerCase()}`;
}

/**
 * The application the kit creates when none is given: Spark, no initial (pre-warmed, always billed) capacity,
 * started on the first job run and stopped after `autoStopMinutes` idle, capped at the maximum capacity.
 */
export function createApplicationRequest(options: ServerlessOptions, clientToken: string): CreateApplicationRequest {
  return {
    name: kitApplicationName(options),
    releaseLabel: options.releaseLabel,
    type: 'SPARK',
    architecture: options.architecture,
    maximumCapacity: { cpu: `${options.maxVcpu} vCPU`, memory: `${options.maxMemoryGb} GB` },
    autoStartConfiguration: { enabled: true },
    autoStopConfiguration: { enabled: true, idleTimeoutMinutes: options.autoStopMinutes },
    tags: options.tags,
    clientToken,
  };
}

/**
 * The job run: spark-submit of the runner with its spec (both on S3), the Spark properties that size the driver
 * and executors, and the S3 location EMR Serverless copies the driver's and executors' logs to. The run id is
 * the client token, so a retried request never starts the run twice.
 */
export function startJobRunRequest(applicationId: string, runId: string, code: RunCode, options: ServerlessOptions): StartJobRunRequest {
  return {
    applicationId,
    clientToken: runId,
    name: `sparkify-etl ${runId}`,
    executionRoleArn: options.executionRoleArn,
    jobDriver: {
      sparkSubmit: {
        entryPoint: code.runnerUri,
        entryPointArguments: ['--spec', code.specUri],
        sparkSubmitParameters: Object.entries(options.sparkConf).map(([key, value]) => `--conf ${key}=${value}`).join(' '),
      },
    },
    configurationOverrides: { monitoringConfiguration: { s3MonitoringConfiguration: { logUri: options.logUri } } },
    tags: options.tags,
  };
}

/** Everything one run sends, before anything is sent: what --dry-run prints, and what a real run executes. */
export interface ServerlessSubmission {
  runId: string;
  code: RunCode;
  uploads: Upload[];
  /** Sent only when no --application-id was given and the kit's application does not exist yet. */
  createApplication?: CreateApplicationRequest;
  /** Its applicationId is the given one, or a placeholder until the kit's application is found or created. */
  startJobRun: StartJobRunRequest;
}

export const APPLICATION_PLACEHOLDER = '<application id>';

export function planServerlessSubmission(runId: string, spec: SparkJobSpec, code: RunCode, options: ServerlessOptions, runnerPath: string): ServerlessSubmission {
  return {
    runId,
    code,
    uploads: planUploads(code, spec, runnerPath),
    createApplication: options.applicationId ? undefined : createApplicationRequest(options, `sparkify-app-${runId}`),
    startJobRun: startJobRunRequest(options.applicationId ?? APPLICATION_PLACEHOLDER, runId, code, options),
  };
}
