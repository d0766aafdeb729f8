import type { S3Client } from '@aws-sdk/client-s3';
import { catalogTarget } from '../../core/catalog-target';
import type { RunServices } from '../../core/command';
import { requiredString, type Values } from '../../core/options';
import { UserError } from '../../errors';
import { consoleProgress } from '../../progress';
import { isS3Uri } from '../../storage/s3-uri';

/**
 * `sparkify <engine> publish`: gates and publishes a cloud run handed off with --no-wait, once its runner has
 * written its result, then registers the lake when --catalog asks. `s3` is made on call, since the SDK is slow to
 * load; `statusCommand` is how the user sees whether the run is still going.
 */
export async function publishHandedOffRun(values: Values, services: RunServices, engine: string, s3: () => S3Client, statusCommand: string): Promise<number> {
  const output = requiredString(values, 'output');
  const codePrefix = requiredString(values, 'code-prefix');
  const runId = requiredString(values, 'run-id');
  for (const [flag, uri] of [['output', output], ['code-prefix', codePrefix]]) {
    if (!isS3Uri(uri)) throw new UserError(`--${flag} must be an s3:// location, got "${uri}"`);
  }
  const catalog = catalogTarget(values);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use: it loads the AWS SDK
  const { readPendingRun } = require('./pending-run') as typeof import('./pending-run');
  const pending = await readPendingRun(s3(), codePrefix, runId, statusCommand);
  const run = { runId, engine, input: pending.input };
  const checks = await services.publishRun(output, run, pending.locations, () => pending.result(), consoleProgress());
  if (checks !== null) process.stdout.write(`published run ${runId} in ${output}; ${checks}\n`);
  // Also when the run was published before: registering is idempotent, and this retries a failed registration.
  return catalog ? services.registerInCatalog(output, runId, catalog) : 0;
}
