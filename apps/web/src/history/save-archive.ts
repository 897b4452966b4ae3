import { ARCHIVE_KEY } from './archive-key.js';
import type { ArchivedConversation } from './archived-conversation.js';

/**
 * Saves the past conversations; an empty list removes the key. Returns false when storage
 * refused (quota, private mode): the list then lasts until the page closes.
 */
export function saveArchive(
  storage: Storage | undefined,
  archive: readonly ArchivedConversation[],
): boolean {
  if (!storage) return false;
  try {
    if (archive.length === 0) storage.removeItem(ARCHIVE_KEY);
    else storage.setItem(ARCHIVE_KEY, JSON.stringify(archive));
    return true;
  } catch {
    return false;
  }
}
