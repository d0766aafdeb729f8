import { lakeToRead } from '../lake-option';
import { CATALOG_OPTION, CATALOG_USAGE, DEFAULT_CATALOG_DATABASE, catalogTarget } from '../../core/catalog-target';
import type { Command } from '../../core/command';
import { UserError } from '../../errors';
import { assertGlueLake } from '../../lake/glue-catalog';
import { registerCommittedLake } from '../../lake/register-committed-lake';

const SUBCOMMANDS = ['sync'];

/** `sparkify catalog sync`: registers an existing lake in the Glue Data Catalog, as `etl --catalog` does after a run. */
export const catalogCommand: Command = {
  name: 'catalog',
  usage: `catalog sync --output s3://LAKE [${CATALOG_USAGE}]
            register the lake's Delta tables in the AWS Glue Data Catalog (database ${DEFAULT_CATALOG_DATABASE}), or update them
            where they differ from the catalog, so Athena reads them; exit 3 when registering fails`,
  options: {
    output: { type: 'string' },
    ...CATALOG_OPTION,
  },
  async run(values, positionals) {
    const sub = positionals[0];
    if (!SUBCOMMANDS.includes(sub)) throw new UserError(`sparkify catalog needs one of: ${SUBCOMMANDS.join(', ')}${sub ? ` (got "${sub}")` : ''}`);
    const target = catalogTarget(values) ?? catalogTarget({ catalog: 'glue' })!;
    if (typeof values.output === 'string') assertGlueLake(values.output);
    const lake = await lakeToRead(values);
    // What is wrong with the lake is a usage error (exit 2); only registering it may exit 3.
    const state = await lake.format.state();
    if (state.tables.every((t) => t.version === null)) throw new UserError(`${lake.location} has no committed run; point --output at a lake written by sparkify etl`);
    return (await registerCommittedLake(lake, state.latest?.runId ?? null, target)).exitCode;
  },
};
