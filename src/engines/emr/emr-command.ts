import { UserError } from '../../errors';
import type { Command } from '../../core/command';
import { requiredString } from '../../core/options';
import { CATALOG_OPTION, CATALOG_USAGE } from '../../core/catalog-target';
import { publishHandedOffRun } from '../aws/publish-command';
import { printLogTail } from '../aws/print-log-tail';

const SUBCOMMANDS = ['status', 'logs', 'publish'];

/** Following an EMR step after the fact: its state, the end of its stderr, and publishing a --no-wait run. */
export const emrCommand: Command = {
  name: 'emr',
  usage: `emr status --cluster-id j-… --step-id s-… [--json]
            the state of an EMR step and its cluster (and why it failed)
        emr logs --cluster-id j-… --step-id s-… [--lines 40] [--log-uri s3://…]
            the end of a step's stderr, from the cluster's log URI on S3
        emr publish --output s3://… --code-prefix s3://… --run-id RUN [${CATALOG_USAGE}]
            check and publish the tables of an etl --engine emr --no-wait run whose step has completed;
            ${CATALOG_USAGE}: then register them in the AWS Glue Data Catalog (exit 3 if that fails)`,
  options: {
    'cluster-id': { type: 'string' },
    'step-id': { type: 'string' },
    json: { type: 'boolean' },
    lines: { type: 'string' },
    'log-uri': { type: 'string' },
    output: { type: 'string' },
    'code-prefix': { type: 'string' },
    'run-id': { type: 'string' },
    ...CATALOG_OPTION,
  },
  async run(values, positionals, services) {
    const sub = positionals[0];
    if (!SUBCOMMANDS.includes(sub)) throw new UserError(`sparkify emr needs one of: ${SUBCOMMANDS.join(', ')}${sub ? ` (got "${sub}")` : ''}`);
    if (sub === 'publish') return publishHandedOffRun(values, services, 'emr', () => loadEmrTools().createAwsClients().s3, 'sparkify emr status');
    const clusterId = requiredString(values, 'cluster-id');
    const stepId = requiredString(values, 'step-id');
    const { createAwsClients, describeStepStatus, formatStepStatus, readStepStderrTail } = loadEmrTools();
    const clients = createAwsClients();
    if (sub === 'status') {
      const status = await describeStepStatus(clients.emr, clusterId, stepId);
      process.stdout.write(
        (values.json ? JSON.stringify({ clusterId, stepId, step: status.step, cluster: { Name: status.cluster.Name, Status: status.cluster.Status, LogUri: status.cluster.LogUri } }, null, 2) : formatStepStatus(status)) + '\n',
      );
      return 0;
    }
    return printLogTail(values, (lines, logUri) => readStepStderrTail(clients, clusterId, stepId, lines, logUri));
  },
};

/**
 * The EMR modules that load the AWS SDK, required on first use: the SDK takes a noticeable fraction of a second
 * to load, and only `--engine emr` and `sparkify emr` need it.
 */
function loadEmrTools(): typeof import('./submission') & typeof import('./monitoring') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return { ...require('./submission'), ...require('./monitoring') };
}
