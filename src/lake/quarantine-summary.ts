import { QUARANTINE_DIR } from '../core/run-contract';
import { forEachQuarantined } from './quarantine-files';
import { openStorage } from '../storage/open-storage';
import { asLake, type Lake } from '../table-format/open-lake';
import type { QuarantinedRecord } from '../core/quarantined-record';

export interface QuarantineSummary {
  total: number;
  /** Records per source and kind of problem (the field named in the reason, or the reason's first words). */
  byReason: { source: string; problem: string; count: number }[];
  /** The first few records, as written. */
  examples: QuarantinedRecord[];
}

/** What a reason is about: `ts: expected an integer…` → `ts`; `not valid JSON: …` → `not valid JSON`. */
export function problemOf(reason: string): string {
  const colon = reason.indexOf(':');
  return colon > 0 ? reason.slice(0, colon) : reason;
}

/**
 * Summarises the quarantine of a lake's latest committed run (OUTPUT/_quarantine/<run>/part-*: every part file, in
 * name order); empty when there is none. The records are read line by line, never held whole.
 */
export async function quarantineSummary(lake: Lake | string, maxExamples = 5): Promise<QuarantineSummary> {
  const location = await asLake(lake).format.publishedLocation(QUARANTINE_DIR);
  const counts = new Map<string, { source: string; problem: string; count: number }>();
  const examples: QuarantinedRecord[] = [];
  let total = 0;
  if (location !== null) {
    await forEachQuarantined(openStorage(location), (r) => {
      total++;
      if (examples.length < maxExamples) examples.push(r);
      const problem = problemOf(r.reason);
      const key = `${r.source}\u0000${problem}`;
      const entry = counts.get(key) ?? { source: r.source, problem, count: 0 };
      entry.count++;
      counts.set(key, entry);
    });
  }
  return {
    total,
    byReason: [...counts.values()].sort((a, b) => b.count - a.count || a.problem.localeCompare(b.problem)),
    examples,
  };
}
