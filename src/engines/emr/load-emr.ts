/**
 * The EMR modules that load the AWS SDK, required on first use: the SDK takes a noticeable fraction of a second
 * to load, and only `--engine emr` and `sparkify emr` need it.
 */
export function loadEmrEngine(): typeof import('./emr-engine') {
  return require('./emr-engine');
}

export function loadEmrTools(): typeof import('./aws-clients') &
  typeof import('./step-status') &
  typeof import('./step-logs') &
  typeof import('./dry-run-report') &
  typeof import('./publish-emr-run') {
  return {
    ...require('./aws-clients'),
    ...require('./step-status'),
    ...require('./step-logs'),
    ...require('./dry-run-report'),
    ...require('./publish-emr-run'),
  };
}
