import { ENGINE_NAMES } from '../../engines/registry';
import { runEtl } from '../../etl';
import { consoleProgress } from '../../progress';
import { formatEtlSummary } from '../../summary';
import { UserError } from '../../errors';
import { optionalNumber, requiredString, type Command } from '../command';

export const etlCommand: Command = {
  name: 'etl',
  usage: `etl --input DIR|s3://BUCKET/PREFIX --output DIR|s3://BUCKET/PREFIX [--engine ${ENGINE_NAMES.join('|')}] [--concurrency N] [--json]
            extract the raw JSON, model the star schema, write partitioned Parquet`,
  options: {
    input: { type: 'string' },
    output: { type: 'string' },
    engine: { type: 'string' },
    json: { type: 'boolean' },
    concurrency: { type: 'string' },
  },
  async run(values) {
    const summary = await runEtl({
      input: requiredString(values, 'input'),
      output: requiredString(values, 'output'),
      engine: typeof values.engine === 'string' ? values.engine : 'local',
      progress: consoleProgress(),
      concurrency: positiveConcurrency(optionalNumber(values, 'concurrency')),
    });
    process.stdout.write((values.json ? JSON.stringify(summary, null, 2) : formatEtlSummary(summary)) + '\n');
    return 0;
  },
};

function positiveConcurrency(n: number | undefined): number | undefined {
  if (n !== undefined && n < 1) throw new UserError(`--concurrency must be at least 1, got ${n}`);
  return n;
}
