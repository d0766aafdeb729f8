import { ENGINE_NAMES, ENGINE_OPTIONS, ENGINES, createEngine } from '../../engines/registry';
import { UserError } from '../../errors';
import { previewEtl, runEtl } from '../../run/etl';
import { consoleProgress } from '../../progress';
import { formatEtlSummary } from '../../run/etl-summary';
import type { Command } from '../../core/command';
import { optionalNumber, requiredString } from '../../core/options';
import { GUARDS } from '../../catalog/guards';
import { CATALOG_OPTION, CATALOG_USAGE, catalogArgument, catalogTarget } from '../../core/catalog-target';
import { assertGlueLake } from '../../lake/glue-catalog';
import { registerCommittedLake } from '../../lake/register-committed-lake';
import { formatPhases } from '../../core/phase-timer';

/** Each engine's own options and their help come from the engine registry: this command names no engine. */
export const etlCommand: Command = {
  name: 'etl',
  usage: [
    `etl --input DIR|s3://BUCKET/PREFIX --output DIR|s3://BUCKET/PREFIX [--engine ${ENGINE_NAMES.join('|')}] [--concurrency N] [--keep-versions N] [--incremental [--rematch] [--rebuild-affected]] [${CATALOG_USAGE}] [--json]
            extract the raw JSON, model the star schema, commit each table as a Delta table (keeping N versions, default 2);
            ${CATALOG_USAGE}: then register the tables in the AWS Glue Data Catalog (database sparkify; exit 3 if that fails);
            --incremental reads only input files the lake has not consumed and merges them into its tables
            (--rematch: read every log file again and rebuild users, songplays and time, re-matching every play;
            --rebuild-affected: rebuild what re-delivered or removed input files feed, so the lake equals a full rebuild);
            ${GUARDS.map((g) => `--${g.override}`).join(', ')}: let the run through that guard against publishing a worse lake`,
    ...ENGINES.filter((e) => e.usage).map((e) => `        etl ${e.usage}`),
  ].join('\n'),
  options: {
    input: { type: 'string' },
    output: { type: 'string' },
    engine: { type: 'string' },
    json: { type: 'boolean' },
    concurrency: { type: 'string' },
    'keep-versions': { type: 'string' },
    incremental: { type: 'boolean' },
    rematch: { type: 'boolean' },
    'rebuild-affected': { type: 'boolean' },
    // One flag per guard of the catalog (--allow-empty, --allow-shrink…): it lets a run through that guard.
    ...Object.fromEntries(GUARDS.map((g) => [g.override, { type: 'boolean' as const }])),
    ...CATALOG_OPTION,
    ...ENGINE_OPTIONS,
  },
  async run(values) {
    const input = requiredString(values, 'input');
    const output = requiredString(values, 'output');
    for (const flag of ['rematch', 'rebuild-affected']) {
      if (values[flag] === true && values.incremental !== true) throw new UserError(`--${flag} goes with --incremental`);
    }
    // An EMR step left running is published later by `sparkify emr publish`, which replaces every table: it cannot
    // merge, so an incremental run must wait for its step.
    if (values.incremental === true && values['no-wait'] === true) throw new UserError('--incremental cannot be used with --no-wait: the run must wait for its step to merge it');
    // A dry run reads nothing, and an incremental run's plan depends on what the lake has consumed.
    if (values.incremental === true && values['dry-run'] === true)
      throw new UserError(`--dry-run shows a full run's plan; to see what --incremental would read: sparkify status --output ${output} --input ${input}`);
    const catalog = catalogTarget(values);
    // Refused before the run: a commit followed by a registration that cannot work would only exit 3.
    if (catalog) assertGlueLake(output);
    const engine = createEngine(typeof values.engine === 'string' ? values.engine : 'local', values, { input, output });
    if (engine.preview) {
      process.stdout.write((await previewEtl(engine, input, output, values.json === true)) + '\n');
      return 0;
    }
    const summary = await runEtl({
      input,
      output,
      engine,
      progress: consoleProgress(),
      concurrency: positiveConcurrency(optionalNumber(values, 'concurrency')),
      keepVersions: keepVersions(optionalNumber(values, 'keep-versions')),
      incremental: values.incremental === true,
      rematch: values.rematch === true,
      rebuildAffected: values['rebuild-affected'] === true,
      overrides: GUARDS.map((g) => g.override).filter((flag) => values[flag] === true),
    });
    // With --verbose, after the summary: where the run's seconds went, phase by phase (in --json: summary.phases).
    const phaseTable = values.verbose === true && !values.json && summary.phases ? `\n${formatPhases(summary.phases)}\n` : '';
    // Registering follows a commit only: not a run still waiting for its step (--no-wait), not one with nothing new.
    const committed = !summary.pending && !summary.incremental?.nothingNew;
    if (!catalog || !committed) {
      if (summary.pending && !values.json) process.stdout.write(`${summary.pending.message}\n`);
      else process.stdout.write((values.json ? JSON.stringify(summary, null, 2) : formatEtlSummary(summary)) + '\n');
      process.stdout.write(phaseTable);
      if (catalog && summary.pending && !values.json) process.stdout.write(`nothing is committed yet, so nothing was registered: add --catalog ${catalogArgument(catalog)} to the publish command above\n`);
      return 0;
    }
    if (values.json) {
      // One JSON document: the run, and what registering did (null when it failed; the reason is on stderr).
      const registration = await registerCommittedLake(output, summary.runId, catalog, { out: null, err: process.stderr });
      process.stdout.write(JSON.stringify({ ...summary, catalog: registration.sync }, null, 2) + '\n');
      return registration.exitCode;
    }
    process.stdout.write(formatEtlSummary(summary) + '\n' + phaseTable);
    return (await registerCommittedLake(output, summary.runId, catalog)).exitCode;
  },
};

function positiveConcurrency(n: number | undefined): number | undefined {
  if (n !== undefined && n < 1) throw new UserError(`--concurrency must be at least 1, got ${n}`);
  return n;
}

function keepVersions(n: number | undefined): number | undefined {
  if (n !== undefined && (!Number.isInteger(n) || n < 1)) throw new UserError(`--keep-versions must be a whole number of at least 1, got ${n}`);
  return n;
}
