import { optionalNumber, type Values } from '../../core/options';
import { UserError } from '../../errors';
import type { LogTail } from './log-tail';

/**
 * The `logs` sub-command of an AWS engine: `--lines` (default 40) and `--log-uri` from the options, the tail `read`
 * returns printed on stdout, and where it came from on stderr.
 */
export async function printLogTail(values: Values, read: (lines: number, logUri: string | undefined) => Promise<LogTail>): Promise<number> {
  const lines = optionalNumber(values, 'lines') ?? 40;
  if (lines < 1) throw new UserError(`--lines must be 1 or more, got ${lines}`);
  const tail = await read(lines, typeof values['log-uri'] === 'string' ? values['log-uri'] : undefined);
  process.stderr.write(`${tail.uri}: last ${tail.lines.length} of ${tail.totalLines} lines\n`);
  process.stdout.write(tail.lines.join('\n') + '\n');
  return 0;
}
