import type { ChatMessage } from '../chat/chat-message.js';
import { CONVERSATION_KEY } from './conversation-key.js';

/**
 * Saves the conversation for the next visit; an empty one removes the key. Returns false when
 * storage refused (quota, private mode): the chat goes on, it just won't survive a reload.
 */
export function saveConversation(
  storage: Storage | undefined,
  messages: readonly ChatMessage[],
): boolean {
  if (!storage) return false;
  try {
    if (messages.length === 0) storage.removeItem(CONVERSATION_KEY);
    else storage.setItem(CONVERSATION_KEY, JSON.stringify({ messages }));
    return true;
  } catch {
    return false;
  }
}
