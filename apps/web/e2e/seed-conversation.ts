// @module A saved conversation with earlier versions, for measuring a page that shows every control.
import type { ChatMessage } from '../src/chat/chat-message.js';
import { CONVERSATION_KEY } from '../src/persistence/conversation-key.js';
import { ConversationTree } from '../src/versions/conversation-tree.js';

const answer = (id: string, content: string): ChatMessage => ({
  id,
  role: 'assistant',
  content,
  status: 'done',
  finishReason: 'stop',
  usage: { promptTokens: 12, completionTokens: 40 },
  metrics: {
    startedAt: 1,
    firstTokenAt: 240,
    endedAt: 1240,
    timeToFirstTokenMs: 239,
    deltaCount: 40,
    tokensPerSecond: 40,
  },
});

/**
 * Two turns, each with two versions (a regenerated answer, an edited question): the page then
 * shows Copy message, Regenerate, Edit message and the version counters while a new answer
 * streams. Returns the localStorage key and value to seed before the page loads.
 */
export function seedConversationWithVersions(): { key: string; value: string } {
  const first = [
    { id: 'u1', role: 'user', content: 'What is server-sent events?' } as ChatMessage,
    answer('a1', '## Server-sent events\n\nOne **HTTP** response, many events: `data:` lines.'),
  ];
  const tree = ConversationTree.restore(first);
  const regenerated = [
    first[0] as ChatMessage,
    answer('a2', '## SSE, again\n\n- text/event-stream\n- one event per blank line'),
  ];
  tree.record(regenerated);
  tree.record([
    ...regenerated,
    { id: 'u2', role: 'user', content: 'And WebSockets?' },
    answer('a3', 'Two-way, but no HTTP semantics.'),
  ]);
  const path: ChatMessage[] = [
    ...regenerated,
    { id: 'u3', role: 'user', content: 'And WebSockets, in a table?' },
    answer('a4', '| | SSE | WebSocket |\n| --- | --- | --- |\n| Direction | one way | both |'),
  ];
  tree.record(path);
  return {
    key: CONVERSATION_KEY,
    value: JSON.stringify({ messages: path, tree: tree.save(path) }),
  };
}
