/** A sortable, unique id for one run: its start time, then a random suffix. Engines name things after it
 *  (the EMR step, its spec on S3) and the table format names versions after it. */
export function newRunId(now = new Date()): string {
  return `${now.toISOString().replace(/[-:.]/g, '')}-${Math.random().toString(16).slice(2, 8)}`;
}
