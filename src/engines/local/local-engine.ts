import * as fs from 'node:fs';
import * as path from 'node:path';
import pl from 'nodejs-polars';
import { SONG_SOURCE, EVENT_SOURCE } from '../../catalog/sources';
import { tableByName, TABLES } from '../../catalog/tables';
import type { SourceDef } from '../../catalog/types';
import { formatBytes } from '../../format';
import { listLocalSourceFiles } from '../../io/source-files';
import { toJsonLines } from '../../quality/quarantine';
import { QUARANTINE_DIR, QUARANTINE_FILE, type BuildJob, type BuildResult, type Engine } from '../engine';
import { RUN_COUNTS } from '../../quality/run-counts';
import { executeSql } from './execute-sql';
import { readSource, type SourceRead } from './read-source';
import { runModels } from './run-models';
import { writeTable, type WrittenTable } from './write-table';

/** The models run in this process with Polars' SQL engine. */
export class LocalEngine implements Engine {
  readonly name = 'local';

  async build(job: BuildJob): Promise<BuildResult> {
    const songs = await readLocalSource(job, SONG_SOURCE);
    const events = await readLocalSource(job, EVENT_SOURCE);

    const written: WrittenTable[] = [];
    const relations = await runModels(songs.frame, events.frame, (model, frame) => {
      if (model.layer !== 'star') return;
      const table = writeTable(frame, tableByName(model.name), job.locations[model.name]);
      job.progress.log(`wrote ${table.table}: ${table.rows} rows, ${table.files} files, ${formatBytes(table.bytes)}`);
      written.push(table);
    });

    const quarantine = [...songs.quarantine, ...events.quarantine];
    fs.mkdirSync(job.locations[QUARANTINE_DIR], { recursive: true });
    fs.writeFileSync(path.join(job.locations[QUARANTINE_DIR], QUARANTINE_FILE), toJsonLines(quarantine));
    return {
      sources: [songs, events].map((s) => ({
        source: s.source,
        files: s.files,
        bytes: s.bytes,
        records: s.records,
        quarantined: s.quarantine.length,
      })),
      tables: TABLES.map((t) => written.find((w) => w.table === t.name)!),
      quarantined: quarantine.length,
      nextSongEvents: await runCounts({ [EVENT_SOURCE.name]: events.frame, stg_events: relations.get('stg_events')! }),
    };
  }
}

/** The run's reconciliation counts, from the same SQL the Spark runner executes. */
async function runCounts(relations: Record<string, pl.DataFrame>): Promise<{ loaded: number; distinct: number }> {
  const ctx = pl.SQLContext(relations);
  const count = async (name: keyof typeof RUN_COUNTS) => Number((await executeSql(ctx, name, RUN_COUNTS[name])).getColumn('n').toArray()[0]);
  return { loaded: await count('loaded'), distinct: await count('distinct') };
}

/** Lists and reads one source of a local input folder, with progress. */
export async function readLocalSource(job: Pick<BuildJob, 'input' | 'progress'>, source: SourceDef): Promise<SourceRead> {
  const files = await listLocalSourceFiles(job.input, source.folder);
  job.progress.log(`${source.folder}: ${files.length} files listed`);
  const read = await readSource(files, source, (done, bytes) =>
    job.progress.tick(`${source.folder} read`, done, files.length, formatBytes(bytes)),
  );
  job.progress.log(`${source.folder}: ${read.records} records loaded, ${read.quarantine.length} quarantined`);
  return read;
}
