import type { Storage } from '../storage/storage';
import { RUN_MANIFEST_DIR, runManifestKey, type RunManifest } from './run-manifest';

/** A run's manifest in a lake (`_runs/<runId>.json`), or null when there is none. */
export async function readRunManifest(lake: Storage, runId: string): Promise<RunManifest | null> {
  const bytes = await lake.read(runManifestKey(runId));
  return bytes === null ? null : (JSON.parse(bytes.toString('utf8')) as RunManifest);
}

export async function writeRunManifest(lake: Storage, manifest: RunManifest): Promise<void> {
  await lake.write(runManifestKey(manifest.runId), JSON.stringify(manifest, null, 2) + '\n');
}

/** The run ids that have a manifest in the lake, oldest first (run ids sort by start time). */
export async function listRunManifests(lake: Storage): Promise<string[]> {
  return (await lake.list(RUN_MANIFEST_DIR))
    .map((o) => o.key.slice(RUN_MANIFEST_DIR.length + 1))
    .filter((name) => name.endsWith('.json') && !name.includes('/') && !name.startsWith('.'))
    .map((name) => name.slice(0, -'.json'.length))
    .sort();
}
