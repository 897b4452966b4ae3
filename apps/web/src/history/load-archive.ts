import { parseMessages, parseSavedTree } from '../persistence/index.js';
import { ARCHIVE_KEY } from './archive-key.js';
import type { ArchivedConversation } from './archived-conversation.js';

/**
 * The past conversations saved by {@link saveArchive}, newest first, or `[]` when there are none
 * or they cannot be read. Each entry is checked as the current conversation is: storage is
 * outside our control.
 */
export function loadArchive(storage: Storage | undefined): ArchivedConversation[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(storage?.getItem(ARCHIVE_KEY) ?? '[]');
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  const archive: ArchivedConversation[] = [];
  for (const item of parsed) {
    if (typeof item !== 'object' || item === null) continue;
    const { id, title, updatedAt, messages, tree } = item as Record<string, unknown>;
    if (typeof id !== 'string' || typeof title !== 'string' || typeof updatedAt !== 'number') {
      continue;
    }
    const path = parseMessages(messages);
    if (path.length === 0) continue;
    archive.push({ id, title, updatedAt, messages: path, tree: parseSavedTree(tree) });
  }
  return archive;
}
