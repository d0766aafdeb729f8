import type { SourceStats } from '../core/run-contract';
import type { WrittenTable } from '../core/run-contract';
import type { CheckResult } from './check-result';

/** The lake folder holding one manifest per committed run, `_runs/<runId>.json` (a `_` folder: table readers skip it). */
export const RUN_MANIFEST_DIR = '_runs';

export function runManifestKey(runId: string): string {
  return `${RUN_MANIFEST_DIR}/${runId}.json`;
}

/**
 * What a run measured and decided, published with its tables: the counts reconciliation needs (so
 * `sparkify check` can reconcile a lake without re-reading the raw input), and the checks it passed.
 */
export interface RunManifest {
  runId: string;
  engine: string;
  input: string;
  finishedAt: string;
  sources: SourceStats[];
  /** NextSong events: loaded (quarantined records excluded) and distinct after dropping duplicate deliveries.
   *  Null when the engine did not report them. */
  nextSongEvents: { loaded: number; distinct: number } | null;
  tables: WrittenTable[];
  quarantined: number;
  checks: CheckResult[];
  /** The Delta version each table was committed at by this run (absent until the run is committed): reading
   *  every table at these versions gives one consistent star. */
  versions?: Record<string, number>;
}

/** The counts of a manifest that reconciliation checks compare tables against. */
export interface ReconciliationCounts {
  play_events?: { expected: number; explain: string };
}

export function reconciliationCounts(manifest: RunManifest | null): ReconciliationCounts {
  const plays = manifest?.nextSongEvents;
  if (!plays) return {};
  const quarantined = manifest!.sources.find((s) => s.source === 'raw_events')?.quarantined ?? 0;
  return {
    play_events: {
      expected: plays.distinct,
      explain:
        `${plays.loaded} NextSong events loaded (after ${quarantined} event records quarantined) ` +
        `- ${plays.loaded - plays.distinct} duplicate deliveries`,
    },
  };
}
