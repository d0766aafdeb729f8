import type { EngineAdapter } from '../../core/engine-adapter';
import { emrCommand } from './emr-command';
import { checkS3Locations, EMR_ETL_OPTIONS, EMR_ETL_USAGE, emrSettingsFrom, resolveEmrOptions } from './emr-options';

/**
 * The EMR engine in the registry: its etl options, and `sparkify emr`. The engine itself loads the AWS SDK, which
 * takes a noticeable fraction of a second, so it is required only when a run chooses it.
 */
export const emrAdapter: EngineAdapter = {
  name: 'emr',
  options: EMR_ETL_OPTIONS,
  usage: `${EMR_ETL_USAGE}
            the same as a Spark step on EMR (input and output on s3://)`,
  create(values, run) {
    const options = resolveEmrOptions(emrSettingsFrom(values));
    checkS3Locations(run.input, { output: run.output });
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use: it loads the AWS SDK
    const { EmrEngine } = require('./emr-engine') as typeof import('./emr-engine');
    return new EmrEngine(options);
  },
  commands: [emrCommand],
};
