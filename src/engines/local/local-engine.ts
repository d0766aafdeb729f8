import pl from 'nodejs-polars';
import type { EngineAdapter } from '../../core/engine-adapter';
import { SONG_SOURCE, EVENT_SOURCE } from '../../catalog/sources';
import { tableByName, tableFolder, TABLES } from '../../catalog/tables';
import { formatBytes } from '../../format';
import { publishQuarantine, QuarantineSink } from '../../ingest/quarantine-sink';
import { QUARANTINE_DIR, type BuildJob, type BuildResult, type Engine } from '../../core/run-contract';
import { runCounts } from './reconciliation-counts';
import { readInputSource } from '../../ingest/read-input-source';
import type { SourceFile } from '../../ingest/source-files';
import { POLARS_DIALECT } from '../../models/dialects/polars';
import { renderModels, type Model } from '../../models/models';
import { runModelsOver } from './run-models';
import { openStorage } from '../../storage/open-storage';
import { mergeParts, partFile, writeTableTo, type WrittenPart } from './write-table';
import { EventBuckets } from './event-buckets';
import { DistinctParts } from './distinct-parts';
import { collectGarbage } from '../../core/collect-garbage';
import { buildIncremental } from './build-incremental';
import { NO_PHASES } from '../../core/phase-timer';

/** The local engine in the registry: no options of its own. */
export const localAdapter: EngineAdapter = { name: 'local', options: {}, create: () => new LocalEngine() };

/**
 * A large input's events arrive in buckets of users. The models that read them, directly or through another such
 * model, run once per bucket: stg_events (its duplicate-delivery key holds the user) and the tables, each as its
 * folder declares (`buckets`: per-user rows are part of the table as they are; distinct rows are made distinct
 * across the buckets). The models that read no events run once, before. Derived from what each model reads.
 */
export function bucketPlan(models: Model[]): { before: Model[]; perBucket: Model[] } {
  const bucketed = new Set<string>([EVENT_SOURCE.name]);
  const before: Model[] = [];
  const perBucket: Model[] = [];
  for (const model of models) {
    const read = model.reads.filter((name) => bucketed.has(name));
    if (read.length === 0) {
      before.push(model);
      continue;
    }
    if (model.layer === 'star' && !tableFolder(model.name).buckets) {
      throw new Error(`src/tables/${model.name}/${model.name}.yml: ${model.name} reads ${read.join(', ')}, modelled per bucket of users: declare buckets: per-user or distinct`);
    }
    perBucket.push(model);
    bucketed.add(model.name);
  }
  return { before, perBucket };
}

const isDistinctTable = (model: Model) => model.layer === 'star' && tableFolder(model.name).buckets === 'distinct';

/** Event input up to this size is modelled in memory at once (fastest: nothing spilled); above it, in buckets. */
const IN_MEMORY_EVENT_BYTES = 512 * 2 ** 20;
/** About this much event JSON per bucket: ~300k events, well under 1 GB of RSS while modelled. */
const BUCKET_BYTES = 128 * 2 ** 20;

/** How many buckets of users an input of this many event bytes is modelled in; SPARKIFY_EVENT_BUCKETS overrides. */
export function eventBucketCount(eventBytes: number): number {
  const override = Number(process.env.SPARKIFY_EVENT_BUCKETS);
  if (Number.isInteger(override) && override > 0) return override;
  return eventBytes <= IN_MEMORY_EVENT_BYTES ? 1 : Math.ceil(eventBytes / BUCKET_BYTES);
}

/** The models run in this process with Polars' SQL engine. */
export class LocalEngine implements Engine {
  readonly name = 'local';

  async build(job: BuildJob): Promise<BuildResult> {
    // An incremental run reads only the new files (a day's logs): it models them in memory, merged with the lake.
    if (job.incremental) return buildIncremental(job, job.incremental);
    const phases = job.phases ?? NO_PHASES;
    let buckets: EventBuckets | null = null;
    // Bad records go to files as they are found, whatever their number: never held (1M bad events would not fit
    // in one string).
    const songQuarantine = new QuarantineSink(SONG_SOURCE.name);
    const eventQuarantine = new QuarantineSink(EVENT_SOURCE.name);
    try {
      // Both sources at once: the song files' parsing (JavaScript) fills the time this thread waits for Polars to
      // parse each log file. Both reads are waited for, even after one fails, so that none runs on past the cleanup.
      const songRead = readInputSource(job, SONG_SOURCE, undefined, songQuarantine);
      const eventRead = readInputSource(job, EVENT_SOURCE, (files: SourceFile[]) => {
        const count = eventBucketCount(files.reduce((sum, f) => sum + f.size, 0));
        if (count === 1) return {};
        const spilled = new EventBuckets(count);
        buckets = spilled;
        job.progress.log(`${EVENT_SOURCE.folder}: modelled in ${count} buckets of users (spilled to ${spilled.dir})`);
        // One file fetched ahead: a large input's files are large, and holding many at once is what this avoids.
        return {
          spill: async (frame) => {
            spilled.add(frame);
            // The files read before are garbage now: without this their frames' native memory (V8 does not see it)
            // piled up over the read, ~3 GB at 10M events.
            await collectGarbage();
          },
          lookahead: 1,
        };
      }, eventQuarantine);
      const [songs, events] = await bothRead(songRead, eventRead);
      const models = renderModels(POLARS_DIALECT);
      const { before, perBucket } = bucketPlan(models);

      const parts = new Map<string, WrittenPart[]>();
      // With every event modelled at once, each table is one frame, kept for the gate: it then need not read the
      // files back. In buckets a table is many frames, and holding them is what buckets avoid.
      const tableFrames: Record<string, pl.DataFrame> | undefined = buckets ? undefined : {};
      const writes: Promise<void>[] = [];
      // Each table (or part of one) is written, and to S3 uploaded, as soon as its model ran; uploads overlap the next models.
      const write = (part: number) => (model: Model, frame: pl.DataFrame) => {
        if (model.layer !== 'star') return;
        if (tableFrames) tableFrames[model.name] = frame;
        const onUpload = (n: number, total: number, bytes: number) => job.progress.tick(`${model.name} upload`, n, total, formatBytes(bytes));
        // Behind the next models: counted for its seconds on this thread (sorting, small tables' files) and the wait below.
        const writing = phases.timeBehind(['write parquet', model.name], () =>
          writeTableTo(frame, tableByName(model.name), job.locations[model.name], onUpload, partFile(part)),
        );
        const done = writing.then((written) => {
          parts.set(model.name, [...(parts.get(model.name) ?? []), written]);
        });
        done.catch(() => {}); // awaited below; this only keeps an early failure from being reported as unhandled
        writes.push(done);
      };

      const build = async () => {
        const songModels = await runModelsOver({ [SONG_SOURCE.name]: songs.frame }, before, write(0), undefined, phases);
        const shared = Object.fromEntries([...songModels].filter(([name]) => perBucket.some((m) => m.reads.includes(name))));
        const counts = { loaded: 0, distinct: 0 };
        // A distinct table's rows of each bucket, made distinct across buckets once all ran (a start time is shared
        // by users of different buckets). Written then, not per bucket.
        const distinctParts = new Map(perBucket.filter(isDistinctTable).map((m) => [m.name, new DistinctParts()]));
        const writeOrHold = (part: number) => (model: Model, frame: pl.DataFrame) => {
          if (isDistinctTable(model)) phases.timeSync(['model', model.name], () => distinctParts.get(model.name)!.add(frame));
          else write(part)(model, frame);
        };
        const bucketCount = buckets?.count ?? 1;
        let ran = 0;
        for (let b = 0; b < bucketCount; b++) {
          const rawEvents = buckets ? phases.timeSync(['model', 'reading buckets'], () => buckets!.read(b)) : events.frame;
          // A bucket without events writes nothing, unless none has any: the tables still need their (empty) files.
          if (!rawEvents && (ran > 0 || b < bucketCount - 1)) continue;
          const raw = rawEvents ?? events.frame;
          const frames = await runModelsOver({ ...shared, [EVENT_SOURCE.name]: raw }, perBucket, writeOrHold(b), undefined, phases);
          const bucketCounts = await phases.time(['model', 'reconciliation counts'], () => runCounts({ [EVENT_SOURCE.name]: raw, stg_events: frames.get('stg_events')! }));
          counts.loaded += bucketCounts.loaded;
          counts.distinct += bucketCounts.distinct;
          ran++;
          if (buckets) {
            job.progress.log(`bucket ${b + 1}/${bucketCount}: ${raw.height} events modelled`);
            await phases.time('garbage collection', collectGarbage);
          }
        }
        for (const model of perBucket.filter(isDistinctTable)) {
          write(0)(model, phases.timeSync(['model', model.name], () => distinctParts.get(model.name)!.all()));
        }
        return counts;
      };
      // Wait for every write, even after a failure: the lake then removes the run's versions, and an upload
      // still running would add files back.
      const [modelRun] = await Promise.allSettled([build()]);
      const failed = [modelRun, ...(await phases.time('write parquet', () => Promise.allSettled(writes)))].find((w) => w.status === 'rejected');
      if (failed) throw (failed as PromiseRejectedResult).reason;
      const counts = (modelRun as PromiseFulfilledResult<{ loaded: number; distinct: number }>).value;
      // The models' frames (but the tables') are garbage now; their native memory goes back before the gate.
      await phases.time('garbage collection', collectGarbage);
      for (const table of TABLES) {
        const written = mergeParts(parts.get(table.name)!);
        job.progress.log(`wrote ${table.name}: ${written.rows} rows, ${written.files} files, ${formatBytes(written.bytes)}`);
      }

      // Songs', then events' records: the order both engines write.
      await phases.time('write quarantine', () => publishQuarantine(openStorage(job.locations[QUARANTINE_DIR]), [songQuarantine, eventQuarantine]));
      return {
        sources: [songs, events].map((s) => ({
          source: s.source,
          files: s.files,
          bytes: s.bytes,
          records: s.records,
          quarantined: s.quarantined,
        })),
        tables: TABLES.map((t) => mergeParts(parts.get(t.name)!)),
        quarantined: songs.quarantined + events.quarantined,
        nextSongEvents: counts,
        drift: [...songs.drift, ...events.drift],
        frames: tableFrames,
        dataFiles: Object.fromEntries(TABLES.map((t) => [t.name, parts.get(t.name)!.flatMap((p) => p.dataFiles)])),
      };
    } finally {
      (buckets as EventBuckets | null)?.remove();
      songQuarantine.remove();
      eventQuarantine.remove();
    }
  }
}

/** Both results, once both have settled; the first failure (in argument order) if either failed. */
async function bothRead<A, B>(a: Promise<A>, b: Promise<B>): Promise<[A, B]> {
  const [ra, rb] = await Promise.allSettled([a, b]);
  if (ra.status === 'rejected') throw ra.reason;
  if (rb.status === 'rejected') throw rb.reason;
  return [ra.value, rb.value];
}
