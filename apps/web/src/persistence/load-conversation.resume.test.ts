import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../chat/chat-message.js';
import { loadConversation } from './load-conversation.js';
import { saveConversation } from './save-conversation.js';

function roundTrip(messages: ChatMessage[]): ChatMessage[] {
  const values = new Map<string, string>();
  const storage = {
    getItem: (key: string) => values.get(key) ?? null,
    setItem: (key: string, value: string) => void values.set(key, value),
  } as Storage;
  saveConversation(storage, messages);
  return loadConversation(storage);
}

describe('loadConversation: answers to resume', () => {
  it('keeps an answer saved mid-stream with its generation id streaming, for useChat to resume', () => {
    const [, answer] = roundTrip([
      { id: 'u1', role: 'user', content: 'Weather?' },
      {
        id: 'a1',
        role: 'assistant',
        content: 'Half',
        status: 'streaming',
        generationId: 'gen_1',
        lastEventId: '7',
        reasoning: 'Hm.',
        toolCalls: [
          {
            id: 'c1',
            name: 'get_weather',
            argumentsText: '{}',
            arguments: {},
            isComplete: true,
            result: { celsius: 21 },
          },
        ],
      },
    ]);
    expect(answer).toMatchObject({
      status: 'streaming',
      generationId: 'gen_1',
      lastEventId: '7',
      reasoning: 'Hm.',
      toolCalls: [{ id: 'c1', result: { celsius: 21 } }],
    });
  });

  it('still marks one without a generation id stopped', () => {
    const [answer] = roundTrip([
      { id: 'a1', role: 'assistant', content: 'Half', status: 'streaming' },
    ]);
    expect(answer?.status).toBe('stopped');
  });
});
