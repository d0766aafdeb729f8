/** A sortable, unique id for one run: its start time, then a random suffix. Engines name things after it
 *  (the EMR step, its spec on S3) and the table format names versions after it. */
export function newRunId(now = new Date()): string {
  return `${now.toISOString().replace(/[-:.]/g, '')}-${Math.random().toString(16).slice(2, 8)}`;
}

/** When a run started (ms), from its id; null for an id not made by newRunId. */
export function runStartOf(runId: string): number | null {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z/.exec(runId);
  return m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6], +m[7]) : null;
}
