import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../chat/chat-message.js';
import { CONVERSATION_KEY } from './conversation-key.js';
import { loadConversation } from './load-conversation.js';
import { saveConversation } from './save-conversation.js';

const conversation: ChatMessage[] = [
  { id: 'u1', role: 'user', content: 'What is SSE? 🎉' },
  {
    id: 'a1',
    role: 'assistant',
    content: '## Server-sent events\n\n- one\n- two',
    status: 'done',
    finishReason: 'stop',
    usage: { promptTokens: 9, completionTokens: 12 },
    metrics: {
      startedAt: 1,
      firstTokenAt: 250,
      timeToFirstTokenMs: 249,
      deltaCount: 12,
      tokensPerSecond: 40,
    },
  },
];

describe('loadConversation', () => {
  it('restores exactly what saveConversation stored', () => {
    saveConversation(localStorage, conversation);
    expect(loadConversation(localStorage)).toEqual(conversation);
  });

  it('returns an empty conversation when nothing, garbage or another shape is stored', () => {
    expect(loadConversation(localStorage)).toEqual([]);
    localStorage.setItem(CONVERSATION_KEY, '{not json');
    expect(loadConversation(localStorage)).toEqual([]);
    localStorage.setItem(CONVERSATION_KEY, JSON.stringify([{ id: 'x' }]));
    expect(loadConversation(localStorage)).toEqual([]);
    expect(loadConversation(undefined)).toEqual([]);
  });

  it('drops messages that are not messages and keeps the rest', () => {
    localStorage.setItem(
      CONVERSATION_KEY,
      JSON.stringify({
        messages: [
          null,
          { id: 'u1', role: 'user', content: 'kept' },
          { id: 'x', role: 'system', content: 'not ours' },
          { id: 7, role: 'user', content: 'bad id' },
          { id: 'a1', role: 'assistant', content: 'kept too', status: 'weird' },
        ],
      }),
    );
    expect(loadConversation(localStorage)).toEqual([
      { id: 'u1', role: 'user', content: 'kept' },
      { id: 'a1', role: 'assistant', content: 'kept too' },
    ]);
  });

  it('marks an answer saved mid-stream as stopped: its request died with the page', () => {
    saveConversation(localStorage, [
      { id: 'u1', role: 'user', content: 'Hi' },
      { id: 'a1', role: 'assistant', content: 'Half an ans', status: 'streaming' },
    ]);
    expect(loadConversation(localStorage).at(-1)).toMatchObject({
      content: 'Half an ans',
      status: 'stopped',
    });
  });

  it('survives storage that throws on access', () => {
    const hostile = {
      getItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
    } as unknown as Storage;
    expect(loadConversation(hostile)).toEqual([]);
  });
});

describe('saveConversation', () => {
  it('removes the key for an empty conversation (New chat)', () => {
    saveConversation(localStorage, conversation);
    expect(saveConversation(localStorage, [])).toBe(true);
    expect(localStorage.getItem(CONVERSATION_KEY)).toBeNull();
  });

  it('reports a full quota instead of throwing', () => {
    const full = {
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError');
      },
    } as unknown as Storage;
    expect(saveConversation(full, conversation)).toBe(false);
    expect(saveConversation(undefined, conversation)).toBe(false);
  });
});
