import type { ChatMessage, MessageStatus } from '../chat/chat-message.js';
import { CONVERSATION_KEY } from './conversation-key.js';

const statuses: ReadonlySet<string> = new Set(['streaming', 'done', 'stopped', 'error']);

/**
 * The conversation saved by {@link saveConversation}, or `[]` when there is none or it cannot be
 * read. Storage is outside our control (another tab, an old version, a full quota), so each
 * message is checked, and an answer that was still streaming when the page went away is marked
 * stopped, unless it has the generation id that useChat resumes it by.
 */
export function loadConversation(storage: Storage | undefined): ChatMessage[] {
  let raw: string | null | undefined;
  try {
    raw = storage?.getItem(CONVERSATION_KEY);
  } catch {
    return [];
  }
  if (!raw) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return [];
  }
  return parseMessages((parsed as { messages?: unknown } | null)?.messages);
}

/** The valid messages of a stored list (anything else in it is dropped); `[]` for a non-list. */
export function parseMessages(list: unknown): ChatMessage[] {
  if (!Array.isArray(list)) return [];
  const messages: ChatMessage[] = [];
  for (const item of list) {
    const message = toMessage(item);
    if (message) messages.push(message);
  }
  return messages;
}

function toMessage(item: unknown): ChatMessage | undefined {
  if (typeof item !== 'object' || item === null) return undefined;
  const candidate = item as Record<string, unknown>;
  const { id, role, content } = candidate;
  if (typeof id !== 'string' || typeof content !== 'string') return undefined;
  if (role !== 'user' && role !== 'assistant') return undefined;
  const message: ChatMessage = { ...(candidate as object), id, role, content } as ChatMessage;
  const status = candidate.status;
  if (status !== undefined && !(typeof status === 'string' && statuses.has(status))) {
    delete message.status;
  }
  // With its generation id, useChat attaches to it again (the server may still be streaming it).
  if (message.status === 'streaming' && typeof candidate.generationId !== 'string') {
    message.status = 'stopped' satisfies MessageStatus;
  }
  return message;
}
