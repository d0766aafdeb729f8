import { QUARANTINE_DIR, QUARANTINE_FILE } from '../core/run-contract';
import { openStorage } from '../storage/open-storage';
import { openTableFormat } from '../table-format/open-table-format';
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

/** Summarises the quarantine of a lake's latest committed run (OUTPUT/_quarantine/<run>/part-00000.jsonl); empty when there is none. */
export async function quarantineSummary(output: string, maxExamples = 5): Promise<QuarantineSummary> {
  const location = await openTableFormat(output).publishedLocation(QUARANTINE_DIR);
  const text = location === null ? '' : ((await openStorage(location).read(QUARANTINE_FILE))?.toString('utf8') ?? '');
  const records = text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as QuarantinedRecord);
  const counts = new Map<string, { source: string; problem: string; count: number }>();
  for (const r of records) {
    const problem = problemOf(r.reason);
    const key = `${r.source}\u0000${problem}`;
    const entry = counts.get(key) ?? { source: r.source, problem, count: 0 };
    entry.count++;
    counts.set(key, entry);
  }
  return {
    total: records.length,
    byReason: [...counts.values()].sort((a, b) => b.count - a.count || a.problem.localeCompare(b.problem)),
    examples: records.slice(0, maxExamples),
  };
}
