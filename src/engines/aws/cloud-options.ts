import { UserError } from '../../errors';
import { isS3Uri, trimSlash } from '../../storage/s3-uri';

/** `--tag KEY=VALUE` (repeatable, or comma-separated) as a map; a map given by code passes through. */
export function parseTags(tags: string[] | Record<string, string> | undefined): Record<string, string> {
  if (tags === undefined) return {};
  if (!Array.isArray(tags)) return tags;
  const parsed: Record<string, string> = {};
  for (const pair of tags.flatMap((t) => t.split(','))) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new UserError(`--tag must be KEY=VALUE, got "${pair}"`);
    parsed[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
  }
  return parsed;
}

/** In the cloud everything is read and written by the job, so the input and every output must be on S3. */
export function checkS3Locations(engine: string, input: string, locations: Record<string, string>): void {
  if (!isS3Uri(input)) throw new UserError(`--engine ${engine} reads the input in the cloud: give --input as s3://BUCKET/PREFIX, not "${input}"`);
  const local = Object.entries(locations).filter(([, location]) => !isS3Uri(location));
  if (local.length > 0) throw new UserError(`--engine ${engine} writes the tables from the cloud: give --output as s3://BUCKET/PREFIX (got ${local[0][1]})`);
}

/** The options every AWS engine takes alike, as given (CLI strings turned to numbers, or set by code). */
export interface CloudSettings {
  codePrefix?: string;
  logUri?: string;
  tags?: string[] | Record<string, string>;
  wait?: boolean;
  dryRun?: boolean;
  pollSeconds?: number;
  maxPollSeconds?: number;
  timeoutMinutes?: number;
}

export interface CloudOptions {
  /** s3:// prefix the runner and each run's spec are uploaded under. */
  codePrefix: string;
  /** Where the service writes the run's logs; default `<codePrefix>/logs/`. */
  logUri: string;
  tags: Record<string, string>;
  wait: boolean;
  dryRun: boolean;
  /** First poll interval while waiting; it backs off to `maxPollSeconds`. */
  pollSeconds: number;
  maxPollSeconds: number;
  /** Give up waiting (the run goes on) after this many minutes; absent: wait as long as it takes. */
  timeoutMinutes?: number;
}

/** Fills in those options' defaults and checks them, in one-line errors that name `--engine <engine>`. */
export function resolveCloudOptions(
  engine: string,
  settings: CloudSettings,
  defaults: { tags: Record<string, string>; pollSeconds: number; maxPollSeconds: number },
): CloudOptions {
  const codePrefix = trimSlash(settings.codePrefix ?? '');
  if (codePrefix === '') throw new UserError(`--engine ${engine} needs --code-prefix s3://BUCKET/PREFIX (where the step runner and run specs are uploaded)`);
  if (!isS3Uri(codePrefix)) throw new UserError(`--code-prefix must be an s3:// location, got "${codePrefix}"`);
  const logUri = settings.logUri ?? `${codePrefix}/logs/`;
  if (!isS3Uri(logUri)) throw new UserError(`--log-uri must be an s3:// location, got "${logUri}"`);
  const pollSeconds = settings.pollSeconds ?? defaults.pollSeconds;
  if (!(pollSeconds > 0)) throw new UserError(`--poll-seconds must be more than 0, got ${pollSeconds}`);
  if (settings.timeoutMinutes !== undefined && !(settings.timeoutMinutes > 0)) {
    throw new UserError(`--timeout-minutes must be more than 0, got ${settings.timeoutMinutes}`);
  }
  return {
    codePrefix,
    logUri: logUri.endsWith('/') ? logUri : `${logUri}/`,
    tags: { ...defaults.tags, ...parseTags(settings.tags) },
    wait: settings.wait ?? true,
    dryRun: settings.dryRun ?? false,
    pollSeconds,
    maxPollSeconds: Math.max(pollSeconds, settings.maxPollSeconds ?? defaults.maxPollSeconds),
    timeoutMinutes: settings.timeoutMinutes,
  };
}
