/** A record set aside instead of loaded: where it came from, why, and its text as read. */
export interface QuarantinedRecord {
  /** The raw relation it was read for (raw_events, raw_songs). */
  source: string;
  /** Path relative to the input root. */
  file: string;
  /** 1-based line number; null when the reason concerns the whole file. */
  line: number | null;
  reason: string;
  raw: string;
}

/** Raw text kept per record: enough to diagnose, bounded so one huge bad file cannot flood the quarantine. */
export const MAX_RAW_CHARS = 65536;

export function quarantined(source: string, file: string, line: number | null, reason: string, raw: string): QuarantinedRecord {
  return { source, file, line, reason, raw: raw.length > MAX_RAW_CHARS ? raw.slice(0, MAX_RAW_CHARS) : raw };
}
