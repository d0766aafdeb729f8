import type { S3Client } from '@aws-sdk/client-s3';
import type { BuildResult } from '../../core/run-contract';
import { UserError } from '../../errors';
import type { SparkJobSpec } from '../spark-step/job-spec';
import { runCodeLocations } from './run-code';
import { readS3Json, readStepResult } from './step-result';

/**
 * A cloud run handed off with `--no-wait`, as its code prefix keeps it: the spec says what it reads and where it
 * writes; the result appears once the step runner has finished every table. The engines' `publish` commands gate
 * and publish it through the run layer, as a waiting run would have been.
 */
export interface PendingRun {
  input: string;
  locations: Record<string, string>;
  /** The step runner's result; a one-line error while the run has not finished. */
  result(): Promise<BuildResult>;
}

/** `statusHint` says how to see whether the run is still going or failed (`sparkify emr status …`). */
export async function readPendingRun(s3: S3Client, codePrefix: string, runId: string, statusHint: string): Promise<PendingRun> {
  const code = runCodeLocations(codePrefix, runId);
  const spec = await readS3Json<SparkJobSpec>(s3, code.specUri);
  if (!spec) throw new UserError(`no run ${runId} under --code-prefix ${codePrefix}: ${code.specUri} does not exist`);
  return {
    input: spec.input,
    locations: spec.locations,
    async result() {
      const result = await readStepResult(s3, code.resultUri);
      if (!result) {
        throw new UserError(`run ${runId} has not finished: no result at ${code.resultUri} yet (it is still running, or it failed: ${statusHint} shows which)`);
      }
      return result;
    },
  };
}
