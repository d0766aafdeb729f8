import { formatBytes } from '../../format';
import { generate } from '../../generator/generate';
import { consoleProgress } from '../../progress';
import type { Command } from '../../core/command';
import { optionalNumber, requiredString } from '../../core/options';

export const generateCommand: Command = {
  name: 'generate',
  usage: `generate --out DIR [--songs N] [--events N] [--seed S] [--match-rate R]
            write a synthetic dataset in the source format and layout`,
  options: {
    out: { type: 'string' },
    songs: { type: 'string' },
    events: { type: 'string' },
    seed: { type: 'string' },
    'match-rate': { type: 'string' },
  },
  async run(values) {
    const progress = consoleProgress();
    const summary = await generate({
      out: requiredString(values, 'out'),
      songs: optionalNumber(values, 'songs'),
      events: optionalNumber(values, 'events'),
      seed: optionalNumber(values, 'seed'),
      matchRate: optionalNumber(values, 'match-rate', false),
      onProgress: (p) => progress.tick(`generate ${p.phase}`, p.done, p.total),
    });
    process.stdout.write(
      `generated ${summary.events} events of ${summary.users} users in ${summary.logFiles} log files and ` +
        `${summary.songFiles} song files (${formatBytes(summary.bytes)}) in ${summary.seconds.toFixed(2)} s\n`,
    );
    return 0;
  },
};
