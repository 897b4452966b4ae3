import type { SavedTree } from '../versions/index.js';
import { CONVERSATION_KEY } from './conversation-key.js';
import { parseMessages } from './load-conversation.js';

/**
 * The earlier versions saved with the conversation (see `ConversationTree.save`), or undefined
 * when there are none or they cannot be read: the conversation then comes back without them.
 */
export function loadVersions(storage: Storage | undefined): SavedTree | undefined {
  try {
    const raw = storage?.getItem(CONVERSATION_KEY);
    return raw ? parseSavedTree((JSON.parse(raw) as { tree?: unknown } | null)?.tree) : undefined;
  } catch {
    return undefined;
  }
}

/** A stored tree, checked: pairs of ids in `order`, valid messages in `versions`. */
export function parseSavedTree(value: unknown): SavedTree | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { order, versions } = value as { order?: unknown; versions?: unknown };
  if (!Array.isArray(order)) return undefined;
  return {
    order: order.filter(
      (pair): pair is [string, string] =>
        Array.isArray(pair) && typeof pair[0] === 'string' && typeof pair[1] === 'string',
    ),
    versions: parseMessages(versions),
  };
}
