import { ENGINE_NAMES } from '../../engines/registry';
import { UserError } from '../../errors';
import { runEtl } from '../../etl';
import { consoleProgress } from '../../progress';
import { formatEtlSummary } from '../../summary';
import { checkS3Locations } from '../../engines/emr/check-s3-job';
import { requiredString, type Command } from '../command';
import { EMR_ETL_OPTIONS, EMR_ETL_USAGE, emrSettingsFrom, printEmrDryRun } from '../emr-cli-options';

export const etlCommand: Command = {
  name: 'etl',
  usage: `etl --input DIR --output DIR [--engine ${ENGINE_NAMES.join('|')}] [--json]
            extract the raw JSON, model the star schema, write partitioned Parquet
        etl ${EMR_ETL_USAGE}
            the same as a Spark step on EMR (input and output on s3://)`,
  options: {
    input: { type: 'string' },
    output: { type: 'string' },
    engine: { type: 'string' },
    json: { type: 'boolean' },
    ...EMR_ETL_OPTIONS,
  },
  async run(values) {
    const engine = typeof values.engine === 'string' ? values.engine : 'local';
    const input = requiredString(values, 'input');
    const output = requiredString(values, 'output');
    const emrOnly = Object.keys(EMR_ETL_OPTIONS).find((name) => values[name] !== undefined);
    if (engine !== 'emr' && emrOnly) throw new UserError(`--${emrOnly} applies only to --engine emr`);
    const emr = engine === 'emr' ? emrSettingsFrom(values) : undefined;
    if (emr) checkS3Locations(input, { output });
    if (emr?.dryRun) {
      await printEmrDryRun(input, output, emr, values.json === true);
      return 0;
    }
    const summary = await runEtl({ input, output, engine, engineSettings: { emr }, progress: consoleProgress() });
    if (summary.pending && !values.json) process.stdout.write(`${summary.pending.message}\n`);
    else process.stdout.write((values.json ? JSON.stringify(summary, null, 2) : formatEtlSummary(summary)) + '\n');
    return 0;
  },
};
