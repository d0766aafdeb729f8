import { lakeToRead } from '../lake-option';
import type { Command } from '../../core/command';
import { newRunId } from '../../core/run-id';
import { consoleProgress } from '../../progress';

export const repairCommand: Command = {
  name: 'repair',
  usage: `repair --output LAKE
            ends a run that stopped between its table commits (killed, or failed part-way): finishes it when every
            table can still take its commit, else rolls back the tables it committed; any sparkify etl does this first`,
  options: {
    output: { type: 'string' },
  },
  async run(values) {
    const lake = await lakeToRead(values);
    const said = await lake.format.repair(`repair-${newRunId()}`, consoleProgress());
    process.stdout.write((said.length === 0 ? `${lake.location}: nothing to repair, every run's commits are whole` : said.join('\n')) + '\n');
    return 0;
  },
};
