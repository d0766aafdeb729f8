import { lakeToRead } from '../lake-option';
import type { Command } from '../../core/command';
import { newRunId } from '../../core/run-id';
import { consoleProgress } from '../../progress';
import { openTableFormat } from '../../table-format/open-table-format';

export const repairCommand: Command = {
  name: 'repair',
  usage: `repair --output LAKE
            ends a run that stopped between its table commits (killed, or failed part-way): finishes it when every
            table can still take its commit, else rolls back the tables it committed; any sparkify etl does this first`,
  options: {
    output: { type: 'string' },
  },
  async run(values) {
    const output = await lakeToRead(values);
    const said = await openTableFormat(output).repair(`repair-${newRunId()}`, consoleProgress());
    process.stdout.write((said.length === 0 ? `${output}: nothing to repair, every run's commits are whole` : said.join('\n')) + '\n');
    return 0;
  },
};
