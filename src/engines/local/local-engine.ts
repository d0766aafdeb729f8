import pl from 'nodejs-polars';
import type { EngineAdapter } from '../../core/engine-adapter';
import { SONG_SOURCE, EVENT_SOURCE } from '../../catalog/sources';
import { tableByName, TABLES } from '../../catalog/tables';
import { formatBytes } from '../../format';
import { toJsonLines } from '../../core/quarantined-record';
import { INCREMENTAL_RUN_COUNTS, RUN_COUNTS } from '../../core/run-counts';
import { POLARS_DIALECT } from '../../models/dialects/polars';
import { renderIncrementalModels, renderModels } from '../../models/models';
import { QUARANTINE_DIR, QUARANTINE_FILE, type BuildJob, type BuildResult, type Engine, type WrittenTable } from '../../core/run-contract';
import { executeSql } from './execute-sql';
import { readInputSource } from '../../ingest/read-input-source';
import { runModels } from './run-models';

import { openStorage } from '../../storage/open-storage';
import { writeTableTo } from './write-table';

/** The local engine in the registry: no options of its own. */
export const localAdapter: EngineAdapter = { name: 'local', options: {}, create: () => new LocalEngine() };

/** The models run in this process with Polars' SQL engine. */
export class LocalEngine implements Engine {
  readonly name = 'local';

  async build(job: BuildJob): Promise<BuildResult> {
    const songs = await readInputSource(job, SONG_SOURCE);
    const events = await readInputSource(job, EVENT_SOURCE);

    const written: WrittenTable[] = [];
    // Each table is written (and, to S3, uploaded) as soon as its model ran; uploads overlap the next models.
    const writes: Promise<void>[] = [];
    const steps = job.incremental
      ? { models: renderIncrementalModels(POLARS_DIALECT, job.incremental), incremental: job.incremental }
      : { models: renderModels(POLARS_DIALECT) };
    const models = runModels(songs.frame, events.frame, (model, frame) => {
      if (!model.write) return;
      const location = job.locations[model.table!];
      const write = writeTableTo(frame, tableByName(model.table!), location, (done, total, bytes) =>
        job.progress.tick(`${model.name} upload`, done, total, formatBytes(bytes)),
      ).then((table) => {
        job.progress.log(`wrote ${table.table}: ${table.rows} rows, ${table.files} files, ${formatBytes(table.bytes)}`);
        written.push(table);
      });
      write.catch(() => {}); // awaited below; this only keeps an early failure from being reported as unhandled
      writes.push(write);
    }, steps);
    // Wait for every write, even after a failure: the lake then removes the run's versions, and an upload
    // still running would add files back.
    const [modelRun] = await Promise.allSettled([models]);
    const failed = [modelRun, ...(await Promise.allSettled(writes))].find((w) => w.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
    const relations = (modelRun as PromiseFulfilledResult<Map<string, pl.DataFrame>>).value;

    const quarantine = [...songs.quarantine, ...events.quarantine];
    await openStorage(job.locations[QUARANTINE_DIR]).write(QUARANTINE_FILE, toJsonLines(quarantine));
    return {
      sources: [songs, events].map((s) => ({
        source: s.source,
        files: s.files,
        bytes: s.bytes,
        records: s.records,
        quarantined: s.quarantine.length,
      })),
      drift: [...songs.drift, ...events.drift],
      // An incremental run writes only the tables that change.
      tables: TABLES.flatMap((t) => written.filter((w) => w.table === t.name)),
      quarantined: quarantine.length,
      nextSongEvents: await runCounts({ [EVENT_SOURCE.name]: events.frame, ...Object.fromEntries(relations) }, !!job.incremental && !job.incremental.rematch),
    };
  }
}

/** The run's reconciliation counts, from the same SQL the Spark runner executes. */
async function runCounts(relations: Record<string, pl.DataFrame>, merged: boolean): Promise<{ loaded: number; distinct: number; alreadyInLake?: number }> {
  const ctx = pl.SQLContext(relations);
  const count = async (name: string, sql: string) => Number((await executeSql(ctx, name, sql)).getColumn('n').toArray()[0]);
  const counts = { loaded: await count('loaded', RUN_COUNTS.loaded), distinct: await count('distinct', RUN_COUNTS.distinct) };
  return merged ? { ...counts, alreadyInLake: await count('alreadyInLake', INCREMENTAL_RUN_COUNTS.alreadyInLake) } : counts;
}
