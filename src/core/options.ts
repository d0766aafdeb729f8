import type { ParseArgsConfig } from 'node:util';
import { UserError } from '../errors';

/** A command's options as node:util parseArgs declares them, and the values it parsed. */
export type OptionSpec = NonNullable<ParseArgsConfig['options']>;
export type Values = Record<string, string | boolean | undefined>;

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
