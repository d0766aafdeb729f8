/** Names of the files in `_delta_log/` (PROTOCOL.md, "Delta Log Entries", "Checkpoints"), relative to the table root. */
export const LOG_DIR = '_delta_log';
/** What every key of the log starts with: list it to see the log. */
export const LOG_PREFIX = `${LOG_DIR}/`;
export const LAST_CHECKPOINT_KEY = `${LOG_PREFIX}_last_checkpoint`;

/** A version as log file names carry it: 20 digits, so names sort as versions do. */
export function padVersion(version: number): string {
  return String(version).padStart(20, '0');
}

export function commitKey(version: number): string {
  return `${LOG_PREFIX}${padVersion(version)}.json`;
}

/** A classic (single-file, V1 spec) checkpoint: the only kind the kit writes. */
export function checkpointKey(version: number): string {
  return `${LOG_PREFIX}${padVersion(version)}.checkpoint.parquet`;
}

export type LogEntry =
  | { kind: 'commit'; version: number; key: string }
  | { kind: 'checkpoint'; version: number; key: string }
  /** A multi-part checkpoint's part, or a UUID-named (V2) checkpoint: read by nobody here, only cleaned up. */
  | { kind: 'other-checkpoint'; version: number; key: string };

/** Classifies a key under `_delta_log/`; null for anything else (_last_checkpoint, .crc files, temp files). */
export function parseLogKey(key: string): LogEntry | null {
  const name = key.slice(key.lastIndexOf('/') + 1);
  let m = /^(\d{20})\.json$/.exec(name);
  if (m) return { kind: 'commit', version: Number(m[1]), key };
  m = /^(\d{20})\.checkpoint\.parquet$/.exec(name);
  if (m) return { kind: 'checkpoint', version: Number(m[1]), key };
  m = /^(\d{20})\.checkpoint\..+\.(parquet|json)$/.exec(name);
  if (m) return { kind: 'other-checkpoint', version: Number(m[1]), key };
  return null;
}

/** Keys under `_delta_log/` sort by version when compared as strings (zero-padded names): the key to list after. */
export function logKeyBefore(version: number): string {
  return version <= 0 ? LOG_PREFIX : `${LOG_PREFIX}${padVersion(version - 1)}.z`;
}
