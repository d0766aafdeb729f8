import type pl from 'nodejs-polars';
import { EVENT_SOURCE, SONG_SOURCE } from '../catalog/sources';
import { readInputSource } from '../ingest/read-input-source';
import type { SourceRead } from '../ingest/read-source';
import { runModelsInMemory } from '../engines/registry';
import { silentProgress } from '../progress';

export interface Explored {
  songs: SourceRead;
  events: SourceRead;
  /** Every model's result by name: stg_songs, stg_events and the star tables. */
  models: Map<string, pl.DataFrame>;
}

/** Reads both sources of an input folder and runs every model in memory, exactly as the local engine does. */
export async function loadAndModel(input: string): Promise<Explored> {
  const job = { input, progress: silentProgress };
  const songs = await readInputSource(job, SONG_SOURCE);
  const events = await readInputSource(job, EVENT_SOURCE);
  const models = await runModelsInMemory(songs.frame, events.frame);
  return { songs, events, models };
}
