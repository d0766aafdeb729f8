import type { ParseArgsConfig } from 'node:util';
import { UserError } from '../errors';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;
export type Values = Record<string, string | boolean | undefined>;

/** One `sparkify <name>` command: its options, its usage line, and what it does. It returns the exit code. */
export interface Command {
  name: string;
  usage: string;
  options: OptionSpec;
  run(values: Values, positionals: string[]): Promise<number>;
}

export function requiredString(values: Values, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '') throw new UserError(`missing --${name}; see sparkify --help`);
  return value;
}

export function optionalNumber(values: Values, name: string, integer = true): number | undefined {
  const value = values[name];
  if (value === undefined) return undefined;
  const number = Number(value);
  if (typeof value !== 'string' || value.trim() === '' || !Number.isFinite(number) || (integer && !Number.isInteger(number))) {
    throw new UserError(`--${name} must be ${integer ? 'an integer' : 'a number'}, got "${String(value)}"`);
  }
  return number;
}
