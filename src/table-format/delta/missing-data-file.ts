import { UserError } from '../../errors';
import { openStorage } from '../../storage/open-storage';
import type { TableRef } from '../table-format';

/**
 * When reading a table version failed, whether a data file its log lists is gone (another writer's VACUUM, or
 * retention after a run committed past it): then one line naming the table, the version and the file, instead of a
 * raw ENOENT or NoSuchKey. Null when every file is there (the failure was something else).
 */
export async function missingDataFileError(ref: TableRef, files: string[], cause: unknown): Promise<UserError | null> {
  const text = String((cause as Error)?.message ?? cause);
  if (!/ENOENT|NoSuchKey|not found|disappeared|does not exist/i.test(text)) return null;
  const storage = openStorage(ref.location);
  const present = new Set((await storage.list()).map((o) => o.key));
  const gone = files.filter((f) => !present.has(f));
  if (gone.length === 0) return null;
  const version = ref.version === undefined ? 'its latest version' : `version ${ref.version}`;
  return new UserError(
    `${ref.table} (${ref.location}) ${version} lists ${gone.length} data file${gone.length === 1 ? '' : 's'} that no longer exist${gone.length === 1 ? 's' : ''} (e.g. ${gone[0]}): ` +
      `removed by a VACUUM or retention while this read it; read the table again`,
  );
}
