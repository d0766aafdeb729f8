import type { SourceDef } from '../catalog/types';
import { formatBytes } from '../format';
import { listSourceFiles, readConcurrency, type SourceFile } from './source-files';
import type { BuildJob } from '../core/run-contract';
import { readSource, type ReadOptions, type SourceRead } from './read-source';

/**
 * Lists and reads one source of the input, a folder or an s3:// prefix alike, with progress. `plan` sees the
 * listed files and may choose how they are read (spilled rather than kept, fewer fetched ahead).
 */
export async function readInputSource(
  job: Pick<BuildJob, 'input' | 'progress' | 'concurrency'>,
  source: SourceDef,
  plan: (files: SourceFile[]) => Pick<ReadOptions, 'spill' | 'lookahead'> = () => ({}),
): Promise<SourceRead> {
  const files = await listSourceFiles(job.input, source.folder, (listed) => {
    if (listed % 10000 === 0) job.progress.log(`${source.folder}: ${listed} objects listed so far`);
  });
  job.progress.log(`${source.folder}: ${files.length} files listed`);
  const read = await readSource(files, source, (done, bytes) => job.progress.tick(`${source.folder} read`, done, files.length, formatBytes(bytes)), {
    concurrency: job.concurrency ?? readConcurrency(job.input),
    ...plan(files),
  });
  job.progress.log(`${source.folder}: ${read.records} records loaded, ${read.quarantine.length} quarantined`);
  return read;
}
