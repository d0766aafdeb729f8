import { UserError } from '../../errors';
import { S3Lake } from '../../table-format/hive-pointers/s3-lake';
import type { Progress } from '../../progress';
import type { CheckResult } from '../../quality/check-result';
import { checkAndPublish, RUN_OUTPUTS } from '../../run/publish-run';
import type { SparkJobSpec } from '../spark/job-spec';
import type { AwsClients } from './aws-clients';
import { readS3Json } from './read-s3-json';
import { runCodeLocations } from './run-code';
import { trimSlash } from './s3-uri';
import { readStepResult } from './step-result';

export interface PublishEmrRunOptions {
  /** The s3:// lake the run wrote its versions to (the etl's --output). */
  output: string;
  /** The etl's --code-prefix, where the run's spec and result are. */
  codePrefix: string;
  runId: string;
  progress: Progress;
}

/**
 * The end of an `etl --engine emr --no-wait` run, once its step has completed: reads the result the step
 * runner wrote after its last table, checks every table and publishes them, as a waiting run would have.
 * Refuses a run that has not finished, one that wrote elsewhere, and one older than what is published
 * (publishing it would roll the lake back). Publishing twice is harmless: the second finds it published.
 */
export async function publishEmrRun(clients: AwsClients, options: PublishEmrRunOptions): Promise<{ published: boolean; checks: CheckResult[] }> {
  const { output, codePrefix, runId, progress } = options;
  const code = runCodeLocations(codePrefix, runId);
  const spec = await readS3Json<SparkJobSpec>(clients.s3, code.specUri);
  if (!spec) throw new UserError(`no run ${runId} under --code-prefix ${codePrefix}: ${code.specUri} does not exist`);
  const lake = new S3Lake(output);
  const locations = await lake.begin(runId, RUN_OUTPUTS);
  const elsewhere = Object.keys(spec.locations).find((name) => trimSlash(spec.locations[name]) !== trimSlash(locations[name]));
  if (elsewhere) throw new UserError(`run ${runId} wrote ${elsewhere} to ${spec.locations[elsewhere]}, not to --output ${output}`);

  const current = await Promise.all(RUN_OUTPUTS.map(async (name) => ({ name, run: (await lake.current(name))?.run })));
  if (current.every((c) => c.run === runId)) {
    progress.log(`run ${runId} is already published in ${output}`);
    return { published: false, checks: [] };
  }
  const newer = current.find((c) => c.run !== undefined && c.run > runId);
  if (newer) throw new UserError(`run ${newer.run} is already published in ${output} (${newer.name}); publishing the older run ${runId} would roll it back`);

  const result = await readStepResult(clients.s3, code.resultUri);
  if (!result) {
    throw new UserError(`run ${runId} has not finished: no result at ${code.resultUri} yet (its step is still running, or it failed: sparkify emr status shows which)`);
  }
  let succeeded = false;
  try {
    const checks = await checkAndPublish(lake, { runId, engine: 'emr', input: spec.input }, result, locations, progress);
    succeeded = true;
    return { published: true, checks };
  } finally {
    await lake.end(runId, succeeded);
  }
}
