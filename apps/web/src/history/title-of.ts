import type { ChatMessage } from '../chat/chat-message.js';

/** Longest title shown in the list, in characters. */
const MAX_TITLE = 60;

/** A conversation's title: its first question on one line, shortened with an ellipsis. */
export function titleOf(messages: readonly ChatMessage[]): string {
  const first = messages.find((message) => message.role === 'user')?.content ?? '';
  const line = first.replace(/\s+/g, ' ').trim();
  if (line === '') return 'Untitled conversation';
  return line.length > MAX_TITLE ? `${line.slice(0, MAX_TITLE - 1).trimEnd()}…` : line;
}
