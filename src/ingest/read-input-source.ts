import type { SourceDef } from '../catalog/types';
import { formatBytes } from '../format';
import { listedSourceFiles, listSourceFiles, readConcurrency, type SourceFile } from './source-files';
import type { BuildJob } from '../core/run-contract';
import { readSource, type ReadOptions, type SourceRead } from './read-source';
import type { QuarantineSink } from './quarantine-sink';
import { NO_PHASES } from '../core/phase-timer';

/**
 * Lists and reads one source of the input, a folder or an s3:// prefix alike, with progress. `plan` sees the
 * files to read and may choose how they are read (spilled rather than kept, fewer fetched ahead). `quarantine`, when
 * given, receives the bad records as they are found (else they are kept in the result).
 */
export async function readInputSource(
  job: Pick<BuildJob, 'input' | 'progress' | 'concurrency' | 'incremental' | 'listed' | 'phases'>,
  source: SourceDef,
  plan: (files: SourceFile[]) => Pick<ReadOptions, 'spill' | 'lookahead'> = () => ({}),
  quarantine?: QuarantineSink,
): Promise<SourceRead> {
  // One phase per source: its listing (when the run gave none), fetching, decoding, parsing, validating, the
  // quarantine's records and any spill; the two sources read at once share their seconds.
  return (job.phases ?? NO_PHASES).time(['read', source.folder], () => listAndRead(job, source, plan, quarantine));
}

async function listAndRead(
  job: Pick<BuildJob, 'input' | 'progress' | 'concurrency' | 'incremental' | 'listed'>,
  source: SourceDef,
  plan: (files: SourceFile[]) => Pick<ReadOptions, 'spill' | 'lookahead'>,
  quarantine?: QuarantineSink,
): Promise<SourceRead> {
  const listedBefore = job.listed?.[source.folder];
  const listed = listedBefore
    ? listedSourceFiles(job.input, listedBefore)
    : await listSourceFiles(job.input, source.folder, (count) => {
        if (count % 10000 === 0) job.progress.log(`${source.folder}: ${count} objects listed so far`);
      });
  // An incremental run reads only the files it was given (those not consumed before).
  const wanted = job.incremental ? new Set(job.incremental.sourceFiles[source.folder] ?? []) : null;
  const files = wanted ? listed.filter((f) => wanted.has(f.relPath)) : listed;
  job.progress.log(`${source.folder}: ${listed.length} files listed${wanted ? `, ${files.length} new or changed to read` : ''}`);
  const read = await readSource(files, source, (done, bytes) => job.progress.tick(`${source.folder} read`, done, files.length, formatBytes(bytes)), {
    concurrency: job.concurrency ?? readConcurrency(job.input),
    ...plan(files),
    // Written as found, when the caller gives a sink (the engines), rather than held.
    ...(quarantine ? { quarantine: (record) => quarantine.add(record) } : {}),
  });
  job.progress.log(`${source.folder}: ${read.records} records loaded, ${read.quarantined} quarantined`);
  return read;
}
