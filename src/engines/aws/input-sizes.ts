import { SOURCES } from '../../catalog/sources';
import type { ListedFile } from '../../core/run-contract';
import { listSourceFiles } from '../../ingest/source-files';
import { FULL_UDACITY_SIZES, inputSizesFromCounts, inputSizesFromListing, type InputSizes } from '../aws-cost/input-size';

/**
 * The sizes a cost estimate rests on: the run's own listing when it has one; for a dry run, the input listed here
 * (a read: nothing is created or started); when it cannot be listed (no credentials, no such bucket), the full
 * Udacity dataset's counts, saying why.
 */
export async function inputSizesFor(input: string, listed?: Record<string, ListedFile[]>): Promise<InputSizes> {
  if (listed) return inputSizesFromListing(listed, input);
  try {
    const bySource = Object.fromEntries(await Promise.all(SOURCES.map(async (s) => [s.folder, await listSourceFiles(input, s.folder)] as const)));
    return inputSizesFromListing(bySource, input);
  } catch (err) {
    const reason = (err as Error).message.split('\n')[0];
    return inputSizesFromCounts(
      { songFiles: FULL_UDACITY_SIZES.songFiles, events: FULL_UDACITY_SIZES.events },
      `could not list ${input} (${reason}); instead the full Udacity dataset's counts as commonly reported (docs/spark-emr.md)`,
    );
  }
}
