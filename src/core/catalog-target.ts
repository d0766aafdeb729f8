import { UserError } from '../errors';
import type { OptionSpec, Values } from './options';

/** A data catalog the lake's tables are registered in after a commit (`--catalog glue[:database]`). */
export interface CatalogTarget {
  kind: 'glue';
  database: string;
}

export const DEFAULT_CATALOG_DATABASE = 'sparkify';

/**
 * The exit code of a command whose commit stands but whose catalog registration failed: distinct from 1 (the run
 * failed, nothing committed) and 2 (a usage error), so a scheduler can retry only the registration
 * (`sparkify catalog sync`).
 */
export const CATALOG_FAILED_EXIT = 3;

/** The option, for every command that registers (etl, emr publish, catalog sync). */
export const CATALOG_OPTION: OptionSpec = { catalog: { type: 'string' } };

export const CATALOG_USAGE = '--catalog glue[:DATABASE]';

/**
 * Athena's rule for database names (lower-case letters, digits, _; Glue's 255-character limit): Glue itself accepts
 * more, but a database Athena cannot name would be registered for nothing.
 */
export function isCatalogDatabaseName(name: string): boolean {
  return /^[a-z_][a-z0-9_]*$/.test(name) && name.length <= 255;
}

/** `--catalog glue[:database]`, or null when absent; anything else is a one-line usage error. */
export function catalogTarget(values: Values): CatalogTarget | null {
  const value = values.catalog;
  if (value === undefined) return null;
  const text = String(value);
  const match = /^glue(?::(.*))?$/.exec(text);
  if (!match) throw new UserError(`--catalog must be glue or glue:DATABASE (the AWS Glue Data Catalog is the one catalog supported), got "${text}"`);
  const database = match[1] ?? DEFAULT_CATALOG_DATABASE;
  if (!isCatalogDatabaseName(database)) {
    throw new UserError(`--catalog glue:DATABASE: the database must be lower-case letters, digits and _, not starting with a digit (Athena's rule), got "${database}"`);
  }
  return { kind: 'glue', database };
}

/** How the target is written on the command line, for messages that say what to run. */
export function catalogArgument(target: CatalogTarget): string {
  return `glue:${target.database}`;
}
