import { CATALOG_OPTION, CATALOG_USAGE } from '../../core/catalog-target';
import type { Command } from '../../core/command';
import { requiredString } from '../../core/options';
import { UserError } from '../../errors';
import { publishHandedOffRun } from '../aws/publish-command';
import { printLogTail } from '../aws/print-log-tail';

const SUBCOMMANDS = ['status', 'logs', 'publish'];

/** Following an EMR Serverless job run after the fact: its state and use, the end of its driver's stderr, and publishing a --no-wait run. */
export const serverlessCommand: Command = {
  name: 'emr-serverless',
  usage: `emr-serverless status --application-id ID --job-run-id ID [--json]
            the state of a job run, what it used and was billed, and why it failed
        emr-serverless logs --application-id ID --job-run-id ID [--lines 40] [--log-uri s3://…]
            the end of the job run's driver stderr, from its S3 log location
        emr-serverless publish --output s3://… --code-prefix s3://… --run-id RUN [${CATALOG_USAGE}]
            check and publish the tables of an etl --engine emr-serverless --no-wait run that has succeeded;
            ${CATALOG_USAGE}: then register them in the AWS Glue Data Catalog (exit 3 if that fails)`,
  options: {
    'application-id': { type: 'string' },
    'job-run-id': { type: 'string' },
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
    if (!SUBCOMMANDS.includes(sub)) throw new UserError(`sparkify emr-serverless needs one of: ${SUBCOMMANDS.join(', ')}${sub ? ` (got "${sub}")` : ''}`);
    if (sub === 'publish') return publishHandedOffRun(values, services, 'emr-serverless', () => loadServerlessTools().createServerlessClients().s3, 'sparkify emr-serverless status');
    const applicationId = requiredString(values, 'application-id');
    const jobRunId = requiredString(values, 'job-run-id');
    const { createServerlessClients, getJobRun, formatJobRun, readDriverStderrTail } = loadServerlessTools();
    const clients = createServerlessClients();
    if (sub === 'status') {
      const jobRun = await getJobRun(clients.emrServerless, applicationId, jobRunId);
      process.stdout.write((values.json ? JSON.stringify(jobRun, null, 2) : formatJobRun(jobRun)) + '\n');
      return 0;
    }
    return printLogTail(values, (lines, logUri) => readDriverStderrTail(clients, applicationId, jobRunId, lines, logUri));
  },
};

/** The modules that load the AWS SDK, required on first use (the SDK takes a noticeable fraction of a second to load). */
function loadServerlessTools(): typeof import('./serverless-clients') & typeof import('./serverless-monitoring') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return { ...require('./serverless-clients'), ...require('./serverless-monitoring') };
}
