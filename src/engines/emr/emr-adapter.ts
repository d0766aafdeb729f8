import { loadedOnFirstUse, type EngineAdapter } from '../../core/engine-adapter';
import { emrCommand } from './emr-command';
import { checkS3Locations, EMR_ETL_OPTIONS, EMR_ETL_USAGE, emrSettingsFrom, resolveEmrOptions } from './emr-options';

/**
 * The EMR engine in the registry: its etl options, and `sparkify emr`. The engine itself loads the AWS SDK, which
 * takes a noticeable fraction of a second, so it is loaded only when a run uses it.
 */
export const emrAdapter: EngineAdapter = {
  name: 'emr',
  options: EMR_ETL_OPTIONS,
  usage: `${EMR_ETL_USAGE}
            the same as a Spark step on EMR (input and output on s3://)`,
  create(values, run) {
    const options = resolveEmrOptions(emrSettingsFrom(values));
    checkS3Locations(run.input, { output: run.output });
    return loadedOnFirstUse('emr', options.dryRun, async () => new (await import('./emr-engine')).EmrEngine(options));
  },
  commands: [emrCommand],
};
