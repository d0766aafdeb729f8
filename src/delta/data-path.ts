/**
 * The `path` of an add/remove action is a URI relative to the table root (RFC 2396), decoded to get the file's
 * key. Spark writes Hadoop's `Path.toUri`, which percent-encodes what a URI path may not hold (a space is %20, a
 * `%` that Hive escaping put in a folder name is %25) and keeps `=` of `year=2018`; delta-rs decodes likewise.
 */
export function encodeDataPath(relativeKey: string): string {
  return relativeKey
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/%3D/g, '=').replace(/%2C/g, ',').replace(/%40/g, '@'))
    .join('/');
}

/** The key (relative to the table root) a log path points at. Absolute URIs (s3://, file:) are not produced by the kit. */
export function decodeDataPath(logPath: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(logPath)) throw new Error(`absolute data file paths are not supported: ${logPath}`);
  return decodeURIComponent(logPath);
}
