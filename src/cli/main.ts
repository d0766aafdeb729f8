import { parseArgs } from 'node:util';
import { UserError } from '../errors';
import type { Command, RunServices } from '../core/command';
import { ENGINE_COMMANDS } from '../engines/registry';
import { publishFinishedRun } from '../run/publish-run';
import { etlCommand } from './commands/etl';
import { generateCommand } from './commands/generate';
import { checkCommand } from './commands/check';
import { skewCommand } from './commands/skew';
import { reportCommand } from './commands/report';
import { diffCommand } from './commands/diff';
import { athenaDdlCommand } from './commands/athena-ddl';
import { statusCommand } from './commands/status';
import { repairCommand } from './commands/repair';
import { catalogCommand } from './commands/catalog';
import { registerCommittedLake } from '../lake/register-committed-lake';
import { CATALOG_FAILED_EXIT } from '../core/catalog-target';

/** Every command; adding one is a file in commands/ and a line here. Engines bring their own (`sparkify emr`). */
const COMMANDS: Command[] = [etlCommand, generateCommand, checkCommand, skewCommand, reportCommand, diffCommand, statusCommand, repairCommand, athenaDdlCommand, catalogCommand, ...ENGINE_COMMANDS];

/** What the run layer lends the commands engines bring. */
const SERVICES: RunServices = {
  publishRun: publishFinishedRun,
  registerInCatalog: async (output, runId, catalog) => (await registerCommittedLake(output, runId, catalog)).exitCode,
};

const COMMON_OPTIONS = {
  verbose: { type: 'boolean' as const },
  help: { type: 'boolean' as const, short: 'h' },
};

function usage(): string {
  return [
    'usage: sparkify <command> [options]',
    '',
    'commands:',
    ...COMMANDS.map((c) => `  ${c.usage}`),
    '',
    'options for every command: --verbose (stack traces on errors; etl: then where the run\'s time went, phase by phase), --help',
    `exit codes: 0 done, 1 failed, 2 usage error, ${CATALOG_FAILED_EXIT} committed but registering in the catalog (--catalog) failed`,
  ].join('\n');
}

export async function main(argv: string[] = process.argv.slice(2)): Promise<number> {
  const verbose = argv.includes('--verbose');
  try {
    const name = argv.find((a) => !a.startsWith('-'));
    if (name === undefined || name === 'help' || argv.includes('--help') || argv.includes('-h')) {
      process.stdout.write(usage() + '\n');
      return name === undefined && !argv.includes('--help') && !argv.includes('-h') ? 2 : 0;
    }
    const command = COMMANDS.find((c) => c.name === name);
    if (!command) throw new UserError(`unknown command "${name}"; commands: ${COMMANDS.map((c) => c.name).join(', ')}`);
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { ...command.options, ...COMMON_OPTIONS },
    });
    return await command.run(values, positionals.slice(1), SERVICES);
  } catch (err) {
    const error = err as Error & { code?: string };
    if (verbose) process.stderr.write(`${error.stack ?? error}\n`);
    // parseArgs reports unknown or malformed options with these codes: they are usage errors too.
    const isUsage = err instanceof UserError || (error.code ?? '').startsWith('ERR_PARSE_ARGS');
    process.stderr.write(`sparkify: ${isUsage ? '' : 'failed: '}${error.message}${isUsage || verbose ? '' : ' (--verbose for details)'}\n`);
    return isUsage ? 2 : 1;
  }
}
