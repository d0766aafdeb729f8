import { UserError } from '../../errors';
import type { Storage } from '../../storage/storage';

/** The folders of the kit's former table format (version folders and `_current` pointers), never migrated. */
const POINTER_LAYOUT_FOLDERS = ['_current', '_versions'];

/** Refuses an output written with the older pointer layout: one line naming the folder. */
export async function assertNotPointerLayout(storage: Storage): Promise<void> {
  for (const folder of POINTER_LAYOUT_FOLDERS) {
    if (await storage.exists(folder)) {
      throw new UserError(`${storage.locationOf(folder)} is a lake of the older pointer layout; write to a new --output or delete it`);
    }
  }
}
