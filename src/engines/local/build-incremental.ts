import pl from 'nodejs-polars';
import { EVENT_SOURCE, SONG_SOURCE } from '../../catalog/sources';
import { tableByName, TABLES } from '../../catalog/tables';
import { publishQuarantine, QuarantineSink } from '../../ingest/quarantine-sink';
import { QUARANTINE_DIR, type BuildJob, type BuildResult, type DataFile, type IncrementalJob, type WrittenTable } from '../../core/run-contract';
import { formatBytes } from '../../format';
import { readInputSource } from '../../ingest/read-input-source';
import { POLARS_DIALECT } from '../../models/dialects/polars';
import { renderIncrementalModels } from '../../models/models';
import { openStorage } from '../../storage/open-storage';
import { runCounts } from './reconciliation-counts';
import { runModels } from './run-models';
import { mergeParts, writeTableTo } from './write-table';
import { NO_PHASES } from '../../core/phase-timer';

/**
 * An incremental run on the local engine: the new files only, run through the merge models (the lake's tables
 * ∪ the new rows), in memory at once — a day's logs, not the history. Writes only the tables that change.
 */
export async function buildIncremental(job: BuildJob, incremental: IncrementalJob): Promise<BuildResult> {
  // Bad records go to files as they are found (local-engine.ts): never held.
  const songQuarantine = new QuarantineSink(SONG_SOURCE.name);
  const eventQuarantine = new QuarantineSink(EVENT_SOURCE.name);
  try {
    return await build(job, incremental, songQuarantine, eventQuarantine);
  } finally {
    songQuarantine.remove();
    eventQuarantine.remove();
  }
}

async function build(job: BuildJob, incremental: IncrementalJob, songQuarantine: QuarantineSink, eventQuarantine: QuarantineSink): Promise<BuildResult> {
  const phases = job.phases ?? NO_PHASES;
  const songs = await readInputSource(job, SONG_SOURCE, undefined, songQuarantine);
  const events = await readInputSource(job, EVENT_SOURCE, undefined, eventQuarantine);

  const written: WrittenTable[] = [];
  // Each written table's files with their stats: the run commits these (a table it does not write has none).
  const dataFiles: Record<string, DataFile[]> = Object.fromEntries(TABLES.map((t) => [t.name, []]));
  // Each table is written (and, to S3, uploaded) as soon as its model ran; uploads overlap the next models.
  const writes: Promise<void>[] = [];
  const steps = { models: renderIncrementalModels(POLARS_DIALECT, incremental), incremental };
  const models = runModels(songs.frame, events.frame, (model, frame) => {
    if (!model.write) return;
    const location = job.locations[model.table!];
    const writing = phases.timeBehind(['write parquet', model.table!], () =>
      writeTableTo(frame, tableByName(model.table!), location, (done, total, bytes) => job.progress.tick(`${model.name} upload`, done, total, formatBytes(bytes))),
    );
    const write = writing.then((part) => {
      const table = mergeParts([part]);
      job.progress.log(`wrote ${table.table}: ${table.rows} rows, ${table.files} files, ${formatBytes(table.bytes)}`);
      written.push(table);
      dataFiles[table.table].push(...part.dataFiles);
    });
    write.catch(() => {}); // awaited below; this only keeps an early failure from being reported as unhandled
    writes.push(write);
  }, steps, phases);
  // Wait for every write, even after a failure: the lake then removes the run's files, and an upload
  // still running would add files back.
  const [modelRun] = await Promise.allSettled([models]);
  const failed = [modelRun, ...(await phases.time('write parquet', () => Promise.allSettled(writes)))].find((w) => w.status === 'rejected');
  if (failed) throw (failed as PromiseRejectedResult).reason;
  const relations = (modelRun as PromiseFulfilledResult<Map<string, pl.DataFrame>>).value;

  await phases.time('write quarantine', () => publishQuarantine(openStorage(job.locations[QUARANTINE_DIR]), [songQuarantine, eventQuarantine]));
  const nextSongEvents = await phases.time(['model', 'reconciliation counts'], () =>
    runCounts({ [EVENT_SOURCE.name]: events.frame, ...Object.fromEntries(relations) }, !incremental.rematch),
  );
  return {
    sources: [songs, events].map((s) => ({ source: s.source, files: s.files, bytes: s.bytes, records: s.records, quarantined: s.quarantined })),
    drift: [...songs.drift, ...events.drift],
    tables: TABLES.flatMap((t) => written.filter((w) => w.table === t.name)),
    quarantined: songs.quarantined + events.quarantined,
    nextSongEvents,
    dataFiles,
  };
}
