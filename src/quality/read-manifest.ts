import { openStorage } from '../storage/open-storage';
import { RUN_MANIFEST_FILE, type RunManifest } from './run-manifest';

/** The manifest in a `_run` location (a run's version folder, or OUTPUT/_run), or null when there is none. */
export async function readRunManifest(location: string): Promise<RunManifest | null> {
  const bytes = await openStorage(location).read(RUN_MANIFEST_FILE);
  return bytes === null ? null : (JSON.parse(bytes.toString('utf8')) as RunManifest);
}

export async function writeRunManifest(location: string, manifest: RunManifest): Promise<void> {
  await openStorage(location).write(RUN_MANIFEST_FILE, JSON.stringify(manifest, null, 2) + '\n');
}
