import type { ChatMessage } from '../chat/chat-message.js';
import type { SavedTree } from '../versions/index.js';
import { CONVERSATION_KEY } from './conversation-key.js';

/**
 * Saves the conversation for the next visit, with its earlier versions when given; an empty one
 * removes the key. Returns false when storage refused (quota, private mode): the chat goes on,
 * it just won't survive a reload.
 */
export function saveConversation(
  storage: Storage | undefined,
  messages: readonly ChatMessage[],
  tree?: SavedTree,
): boolean {
  if (!storage) return false;
  try {
    if (messages.length === 0) storage.removeItem(CONVERSATION_KEY);
    else
      storage.setItem(CONVERSATION_KEY, JSON.stringify(tree ? { messages, tree } : { messages }));
    return true;
  } catch {
    return false;
  }
}
