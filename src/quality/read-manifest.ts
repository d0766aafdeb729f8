import { joinLocation, readLakeText, writeLakeText } from '../io/lake-files';
import { RUN_MANIFEST_FILE, type RunManifest } from './run-manifest';

/** The manifest in a `_run` location (a run's version folder, or OUTPUT/_run), or null when there is none. */
export async function readRunManifest(location: string): Promise<RunManifest | null> {
  const text = await readLakeText(joinLocation(location, RUN_MANIFEST_FILE));
  return text === null ? null : (JSON.parse(text) as RunManifest);
}

export async function writeRunManifest(location: string, manifest: RunManifest): Promise<void> {
  await writeLakeText(joinLocation(location, RUN_MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n');
}
