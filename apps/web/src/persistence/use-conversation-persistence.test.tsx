import { renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChatMessage } from '../chat/chat-message.js';
import { loadConversation } from './load-conversation.js';
import { useConversationPersistence } from './use-conversation-persistence.js';

const question: ChatMessage = { id: 'u1', role: 'user', content: 'Tell me a story' };
const answer = (content: string, status: ChatMessage['status']): ChatMessage => ({
  id: 'a1',
  role: 'assistant',
  content,
  status,
});

describe('useConversationPersistence', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('saves at once when the conversation settles', () => {
    renderHook(() =>
      useConversationPersistence(localStorage, [question, answer('Done.', 'done')], false),
    );
    expect(loadConversation(localStorage)).toHaveLength(2);
  });

  it('saves at most once a second while an answer streams, always the newest text', () => {
    const setItem = vi.spyOn(Storage.prototype, 'setItem');
    const { rerender } = renderHook(
      ({ messages }) => useConversationPersistence(localStorage, messages, true),
      { initialProps: { messages: [question, answer('', 'streaming')] } },
    );
    setItem.mockClear();
    for (let index = 1; index <= 30; index++) {
      rerender({ messages: [question, answer('x'.repeat(index), 'streaming')] });
      vi.advanceTimersByTime(16);
    }
    // 30 frames ≈ 480 ms: the first save is due one second after the initial one.
    expect(setItem.mock.calls.length).toBeLessThanOrEqual(1);
    vi.advanceTimersByTime(1000);
    expect(setItem.mock.calls.length).toBeGreaterThanOrEqual(1);
    expect(loadConversation(localStorage).at(-1)?.content).toBe('x'.repeat(30));
    setItem.mockRestore();
  });

  it('saves the latest state when the page is hidden (reload, tab closed)', () => {
    const { rerender } = renderHook(
      ({ messages }) => useConversationPersistence(localStorage, messages, true),
      { initialProps: { messages: [question, answer('', 'streaming')] } },
    );
    vi.advanceTimersByTime(5000);
    rerender({ messages: [question, answer('Once upon', 'streaming')] });
    window.dispatchEvent(new Event('pagehide'));
    expect(loadConversation(localStorage).at(-1)).toMatchObject({
      content: 'Once upon',
      status: 'stopped',
    });
  });

  it('keeps the pagehide snapshot when the torn-down request then fails', () => {
    const { rerender } = renderHook(
      ({ messages, isStreaming }) =>
        useConversationPersistence(localStorage, messages, isStreaming),
      {
        initialProps: { messages: [question, answer('Once upon', 'streaming')], isStreaming: true },
      },
    );
    window.dispatchEvent(new Event('pagehide'));
    rerender({ messages: [question, answer('Once upon', 'error')], isStreaming: false });
    expect(loadConversation(localStorage).at(-1)?.status).toBe('stopped');
  });
});
