import type { Command } from '../../core/command';
import { requiredString } from '../../core/options';
import { athenaDdl } from '../../lake/athena-ddl';

export const athenaDdlCommand: Command = {
  name: 'athena-ddl',
  usage: `athena-ddl --output s3://LAKE [--database DB]
            print Athena's CREATE EXTERNAL TABLE statement for each Delta table of the lake (database: sparkify)`,
  options: {
    output: { type: 'string' },
    database: { type: 'string' },
  },
  async run(values) {
    const lake = requiredString(values, 'output');
    process.stdout.write(athenaDdl(lake, typeof values.database === 'string' ? values.database : undefined) + '\n');
    return 0;
  },
};
