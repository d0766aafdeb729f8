/** Human-readable sizes and counts for summaries and progress. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

/** Dollars to the cent, or to a tenth of a cent below ten cents: a run on small data costs cents. */
export function dollars(value: number): string {
  return `$${value.toFixed(value < 0.1 ? 3 : 2)}`;
}
