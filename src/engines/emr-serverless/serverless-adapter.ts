import { loadedOnFirstUse, type EngineAdapter } from '../../core/engine-adapter';
import { checkS3Locations } from '../aws/cloud-options';
import { serverlessCommand } from './serverless-command';
import { resolveServerlessOptions, SERVERLESS_ETL_OPTIONS, SERVERLESS_ETL_USAGE, serverlessSettingsFrom } from './serverless-options';

/**
 * The EMR Serverless engine in the registry: its etl options, and `sparkify emr-serverless`. The engine loads
 * the AWS SDK, so it is loaded only when a run uses it.
 */
export const serverlessAdapter: EngineAdapter = {
  name: 'emr-serverless',
  options: SERVERLESS_ETL_OPTIONS,
  usage: `${SERVERLESS_ETL_USAGE}
            the same Spark step as a job run on EMR Serverless (input and output on s3://)`,
  create(values, run) {
    const options = resolveServerlessOptions(serverlessSettingsFrom(values));
    checkS3Locations('emr-serverless', run.input, { output: run.output });
    return loadedOnFirstUse('emr-serverless', options.dryRun, async () => new (await import('./serverless-engine')).ServerlessEngine(options));
  },
  commands: [serverlessCommand],
};
