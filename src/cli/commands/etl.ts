import { ENGINE_NAMES } from '../../engines/registry';
import { UserError } from '../../errors';
import { runEtl } from '../../run/etl';
import { consoleProgress } from '../../progress';
import { formatEtlSummary } from '../../run/etl-summary';
import { checkS3Locations } from '../../engines/emr/check-s3-job';
import { optionalNumber, requiredString, type Command } from '../command';
import { EMR_ETL_OPTIONS, EMR_ETL_USAGE, emrSettingsFrom, printEmrDryRun } from '../emr-cli-options';

export const etlCommand: Command = {
  name: 'etl',
  usage: `etl --input DIR|s3://BUCKET/PREFIX --output DIR|s3://BUCKET/PREFIX [--engine ${ENGINE_NAMES.join('|')}] [--concurrency N] [--json]
            extract the raw JSON, model the star schema, write partitioned Parquet
        etl ${EMR_ETL_USAGE}
            the same as a Spark step on EMR (input and output on s3://)`,
  options: {
    input: { type: 'string' },
    output: { type: 'string' },
    engine: { type: 'string' },
    json: { type: 'boolean' },
    concurrency: { type: 'string' },
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
    const summary = await runEtl({
      input,
      output,
      engine,
      engineSettings: { emr },
      progress: consoleProgress(),
      concurrency: positiveConcurrency(optionalNumber(values, 'concurrency')),
    });
    if (summary.pending && !values.json) process.stdout.write(`${summary.pending.message}\n`);
    else process.stdout.write((values.json ? JSON.stringify(summary, null, 2) : formatEtlSummary(summary)) + '\n');
    return 0;
  },
};

function positiveConcurrency(n: number | undefined): number | undefined {
  if (n !== undefined && n < 1) throw new UserError(`--concurrency must be at least 1, got ${n}`);
  return n;
}
