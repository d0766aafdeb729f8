import type * as ClientGlue from '@aws-sdk/client-glue';
import { UserError } from '../errors';
import { awsUserError } from '../storage/aws-errors';
import { awsClientSettings } from '../storage/s3-client';

// The Glue SDK, loaded on first use: only a run with --catalog glue and `sparkify catalog` pay its start-up.
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const clientGlue = (): typeof ClientGlue => require('@aws-sdk/client-glue');

/**
 * A Glue client with the settings every AWS client of the kit shares (credentials and region from the default
 * chain, retries), its endpoint from AWS_ENDPOINT_URL_GLUE or AWS_ENDPOINT_URL (moto in the tests).
 */
export function newGlueClient(env: NodeJS.ProcessEnv = process.env): ClientGlue.GlueClient {
  return new (clientGlue().GlueClient)(awsClientSettings('GLUE', env));
}

const ACCESS_DENIED = new Set(['AccessDeniedException', 'AccessDenied', 'UnauthorizedOperation']);

/** Whether a Glue error is the API's answer for a database or table that does not exist. */
export function isEntityNotFound(err: unknown): boolean {
  return (err as { name?: string })?.name === 'EntityNotFoundException';
}

export function isAlreadyExists(err: unknown): boolean {
  return (err as { name?: string })?.name === 'AlreadyExistsException';
}

/** One Glue call; its failure as one line naming the call (`Glue CreateTable sparkify.songplays`). */
export async function glueCall<T>(action: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    const e = err as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
    if (ACCESS_DENIED.has(e?.name ?? '')) {
      throw new UserError(`Glue ${action}: access denied (${e.name}); the credentials need the Glue permissions in docs/glue-catalog.md`);
    }
    const mapped = awsUserError(err, `Glue ${action}`, 'storage');
    // The mapper passes errors it does not know through; a reason must still be one line and name the call.
    throw mapped === err ? new Error(`Glue ${action}: ${e?.name ? `${e.name}: ` : ''}${String(e?.message ?? err).replace(/\s+/g, ' ').trim()}`) : mapped;
  }
}
