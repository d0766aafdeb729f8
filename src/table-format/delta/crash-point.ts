/**
 * Crash tests kill a run at a chosen point of its commit phase, as `kill -9` would, to prove the next command heals
 * the lake: with `SPARKIFY_CRASH_AT=<point>` in its environment the process kills itself there. Points:
 * `after-intent` (the intent written, no table committed), `after-commit:<table>` (that table committed),
 * `after-manifest` (every table and the manifest written, not the outcome). Unset, it does nothing.
 */
export function crashPoint(point: string): void {
  if (process.env.SPARKIFY_CRASH_AT === point) process.kill(process.pid, 'SIGKILL');
}
