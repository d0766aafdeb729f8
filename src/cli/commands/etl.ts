import { ENGINE_NAMES } from '../../engines/registry';
import { runEtl } from '../../etl';
import { consoleProgress } from '../../progress';
import { formatEtlSummary } from '../../summary';
import { requiredString, type Command } from '../command';

export const etlCommand: Command = {
  name: 'etl',
  usage: `etl --input DIR --output DIR [--engine ${ENGINE_NAMES.join('|')}] [--json]
            extract the raw JSON, model the star schema, write partitioned Parquet`,
  options: {
    input: { type: 'string' },
    output: { type: 'string' },
    engine: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(values) {
    const summary = await runEtl({
      input: requiredString(values, 'input'),
      output: requiredString(values, 'output'),
      engine: typeof values.engine === 'string' ? values.engine : 'local',
      progress: consoleProgress(),
    });
    process.stdout.write((values.json ? JSON.stringify(summary, null, 2) : formatEtlSummary(summary)) + '\n');
    return 0;
  },
};
