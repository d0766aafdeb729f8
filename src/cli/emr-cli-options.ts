import { QUARANTINE_DIR } from '../core/run-contract';
import { EMR_DEFAULTS, resolveEmrOptions, type EmrSettings } from '../engines/emr/emr-options';
import { loadEmrEngine, loadEmrTools } from '../engines/emr/load-emr';
import { s3Join } from '../engines/emr/s3-uri';
import { TABLES } from '../catalog/tables';
import { LocalLake } from '../table-format/hive-pointers/folder-lake';
import { newRunId } from '../core/run-id';
import { optionalNumber, type OptionSpec, type Values } from './command';

/** The etl options that only --engine emr reads. */
export const EMR_ETL_OPTIONS: OptionSpec = {
  'code-prefix': { type: 'string' },
  'cluster-id': { type: 'string' },
  'release-label': { type: 'string' },
  'instance-type': { type: 'string' },
  'core-instance-count': { type: 'string' },
  'log-uri': { type: 'string' },
  'service-role': { type: 'string' },
  'job-flow-role': { type: 'string' },
  'subnet-id': { type: 'string' },
  tag: { type: 'string', multiple: true },
  'no-wait': { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  'poll-seconds': { type: 'string' },
  'timeout-minutes': { type: 'string' },
};

export const EMR_ETL_USAGE = `--engine emr --code-prefix s3://BUCKET/PREFIX [--cluster-id j-…] [--release-label ${EMR_DEFAULTS.releaseLabel}]
            [--instance-type ${EMR_DEFAULTS.coreInstanceType}] [--core-instance-count ${EMR_DEFAULTS.coreInstanceCount}] [--log-uri s3://…] [--service-role ${EMR_DEFAULTS.serviceRole}]
            [--job-flow-role ${EMR_DEFAULTS.jobFlowRole}] [--subnet-id subnet-…] [--tag KEY=VALUE]… [--no-wait] [--dry-run]
            [--poll-seconds ${EMR_DEFAULTS.pollSeconds}] [--timeout-minutes M]`;

export function emrSettingsFrom(values: Values): EmrSettings {
  const text = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  const tags = values.tag as unknown as string[] | undefined;
  return {
    codePrefix: text('code-prefix'),
    clusterId: text('cluster-id'),
    releaseLabel: text('release-label'),
    instanceType: text('instance-type'),
    coreInstanceCount: optionalNumber(values, 'core-instance-count'),
    logUri: text('log-uri'),
    serviceRole: text('service-role'),
    jobFlowRole: text('job-flow-role'),
    subnetId: text('subnet-id'),
    tags,
    wait: values['no-wait'] ? false : undefined,
    dryRun: values['dry-run'] === true,
    pollSeconds: optionalNumber(values, 'poll-seconds', false),
    timeoutMinutes: optionalNumber(values, 'timeout-minutes', false),
  };
}

/**
 * --dry-run: the requests of a run, printed and not sent. The lake is not touched either (taking it would
 * write to the output), so the table locations shown follow the lake's layout, `<output>/_versions/<table>/<run>`.
 */
export async function printEmrDryRun(input: string, output: string, settings: EmrSettings, json: boolean): Promise<void> {
  const { formatDryRun, dryRunDocument, resolvedRegion } = loadEmrTools();
  const engine = new (loadEmrEngine().EmrEngine)(resolveEmrOptions(settings));
  const runId = newRunId();
  const names = [...TABLES.map((t) => t.name), QUARANTINE_DIR];
  const locations = Object.fromEntries(names.map((name) => [name, s3Join(output, LocalLake.VERSIONS, name, runId)]));
  const { spec, submission } = engine.plan(input, locations, runId);
  const region = await resolvedRegion(engine.clients);
  process.stdout.write((json ? JSON.stringify(dryRunDocument(submission, spec, region), null, 2) : formatDryRun(submission, region)) + '\n');
}
