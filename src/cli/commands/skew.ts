import { lakeToRead } from '../lake-option';
import { formatSkew } from '../../layout/format-skew';
import { analyzeSkew } from '../../lake/lake-skew';
import { openPublishedLake } from '../../lake/published-lake';
import type { Command } from '../../core/command';

export const skewCommand: Command = {
  name: 'skew',
  usage: `skew --output PATH [--json]
            partition figures per table (rows, files, bytes per partition; distinct values), flagging bad layouts`,
  options: {
    output: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(values) {
    const tables = await analyzeSkew(await openPublishedLake(await lakeToRead(values)));
    process.stdout.write((values.json ? JSON.stringify(tables, null, 2) : formatSkew(tables)) + '\n');
    return 0;
  },
};
