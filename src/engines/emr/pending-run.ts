import type { BuildResult } from '../../core/run-contract';
import { UserError } from '../../errors';
import type { SparkJobSpec } from '../spark-step/job-spec';
import { readS3Json, readStepResult, runCodeLocations, type AwsClients } from './submission';

/**
 * A run handed off with `etl --engine emr --no-wait`, as its code prefix keeps it: the spec says what it reads and
 * where it writes; the result appears once its step has finished every table. `sparkify emr publish` gates and
 * publishes it through the run layer, as a waiting run would have been.
 */
export interface PendingRun {
  input: string;
  locations: Record<string, string>;
  /** The step runner's result; a one-line error while the step has not finished. */
  result(): Promise<BuildResult>;
}

export async function readPendingRun(clients: AwsClients, codePrefix: string, runId: string): Promise<PendingRun> {
  const code = runCodeLocations(codePrefix, runId);
  const spec = await readS3Json<SparkJobSpec>(clients.s3, code.specUri);
  if (!spec) throw new UserError(`no run ${runId} under --code-prefix ${codePrefix}: ${code.specUri} does not exist`);
  return {
    input: spec.input,
    locations: spec.locations,
    async result() {
      const result = await readStepResult(clients.s3, code.resultUri);
      if (!result) {
        throw new UserError(`run ${runId} has not finished: no result at ${code.resultUri} yet (its step is still running, or it failed: sparkify emr status shows which)`);
      }
      return result;
    },
  };
}
