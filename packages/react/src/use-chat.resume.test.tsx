import { act, cleanup, renderHook } from '@testing-library/react';
import { type ReactNode, StrictMode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type AnimationFrames,
  createTestFetch,
  mockAnimationFrames,
  settle,
  type TestFetch,
} from './test-support/create-test-fetch.js';
import type { ChatMessage, UseChatOptions } from './types.js';
import { useChat } from './use-chat.js';

let testFetch: TestFetch;
let frames: AnimationFrames;

beforeEach(() => {
  testFetch = createTestFetch();
  testFetch.acceptResumes = true;
  frames = mockAnimationFrames((name, value) => vi.stubGlobal(name, value));
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function renderChat(options: Partial<UseChatOptions> = {}) {
  return renderHook(() => useChat({ api: '/api/chat', fetch: testFetch.fetch, ...options }));
}

/** Lets timers, the client's read loop and one animation frame run, until `until` holds. */
async function waitFor(until: () => boolean, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!until()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await act(async () => {
      await settle(10);
      frames.run();
    });
  }
}

const interrupted: ChatMessage[] = [
  { id: 'u1', role: 'user', content: 'Tell me' },
  {
    id: 'a1',
    role: 'assistant',
    content: 'Hello, wo',
    reasoning: 'Greet.',
    status: 'streaming',
    generationId: 'gen_1',
    lastEventId: '3',
    metrics: { startedAt: 1000, firstTokenAt: 1100, deltaCount: 2 },
  },
];

describe('useChat: resume', () => {
  it('shows reconnecting while the client resumes a cut stream, then the whole answer', async () => {
    const { result } = renderChat();
    let sent: Promise<void> = Promise.resolve();
    act(() => {
      sent = result.current.send('Q');
    });
    const first = testFetch.exchanges[0];
    await act(async () => {
      first?.send({ type: 'start', id: 'gen_1', model: 'm' }, { type: 'text-delta', delta: 'Hel' });
      await settle();
      frames.run();
      first?.end();
      await settle();
      frames.run();
    });
    await waitFor(() => result.current.status === 'reconnecting');
    expect(result.current.messages[1]).toMatchObject({ content: 'Hel', status: 'streaming' });
    await waitFor(() => testFetch.exchanges.length === 2);
    const resumed = testFetch.exchanges[1];
    expect(resumed?.method).toBe('GET');
    expect(resumed?.url).toBe('/api/chat/gen_1');
    expect(resumed?.headers.get('last-event-id')).toBe('1');
    await act(async () => {
      // The resumed body continues at seq 2 (the test exchange numbers from 0: skip two).
      resumed?.send(
        { type: 'start', id: 'x', model: 'm' },
        { type: 'text-delta', delta: 'ignored' },
      );
      resumed?.send({ type: 'text-delta', delta: 'lo' }, { type: 'finish', reason: 'stop' });
      resumed?.end();
      await sent;
    });
    expect(result.current.status).toBe('idle');
    expect(result.current.messages[1]).toMatchObject({ content: 'Hello', status: 'done' });
  });

  it('passes silenceTimeoutMs to the first request and to its resumes: a silent answer ends "silence_timeout"', async () => {
    const { result } = renderChat({ silenceTimeoutMs: 60 });
    act(() => {
      void result.current.send('Q');
    });
    const first = testFetch.exchanges[0];
    await act(async () => {
      first?.send({ type: 'start', id: 'gen_1', model: 'm' }, { type: 'text-delta', delta: 'Hel' });
      await settle();
      frames.run();
    });
    // The POST goes silent without closing (a proxy holding a dead API's connection open): only
    // the silence timeout notices, and the client resumes.
    await waitFor(() => testFetch.exchanges.length === 2);
    const resumed = testFetch.exchanges[1];
    expect(resumed?.method).toBe('GET');
    await act(async () => {
      // Seqs 0 and 1 are already shown; the resume continues at seq 2, then goes silent too.
      resumed?.send(
        { type: 'start', id: 'gen_1', model: 'm' },
        { type: 'text-delta', delta: 'ignored' },
        { type: 'text-delta', delta: 'lo' },
      );
      await settle();
      frames.run();
    });
    // The server no longer answers resumes: the next one is refused, and the answer ends.
    testFetch.acceptResumes = false;
    await waitFor(() => result.current.status === 'error');
    expect(first?.isCancelled).toBe(true);
    expect(resumed?.isCancelled).toBe(true);
    expect(result.current.error).toMatchObject({ kind: 'network', code: 'silence_timeout' });
    expect(result.current.messages[1]).toMatchObject({ content: 'Hello', status: 'error' });
  });

  it('after a reload attaches to the interrupted answer by its generation id and continues it', async () => {
    const { result } = renderChat({ initialMessages: interrupted });
    expect(result.current.messages[1]?.status).toBe('streaming');
    await waitFor(() => testFetch.exchanges.length === 1);
    const resumed = testFetch.exchanges[0];
    expect(resumed?.method).toBe('GET');
    expect(resumed?.url).toBe('/api/chat/gen_1');
    expect(resumed?.headers.get('last-event-id')).toBe('3');
    await act(async () => {
      // Seqs 0–3 were shown before the reload; the server sends 4 and on.
      resumed?.send(
        { type: 'start', id: 'gen_1', model: 'm' },
        { type: 'text-delta', delta: '-' },
        { type: 'text-delta', delta: '-' },
        { type: 'text-delta', delta: '-' },
      );
      resumed?.send({ type: 'text-delta', delta: 'rld' }, { type: 'finish', reason: 'stop' });
      resumed?.end();
      await settle();
      frames.run();
    });
    await waitFor(() => result.current.status === 'idle');
    expect(result.current.messages[1]).toMatchObject({
      id: 'a1',
      content: 'Hello, world',
      reasoning: 'Greet.',
      status: 'done',
    });
  });

  it('attaches once under StrictMode, whose unmount and mount again must not stop it', async () => {
    const { result } = renderHook(
      () => useChat({ api: '/api/chat', fetch: testFetch.fetch, initialMessages: interrupted }),
      { wrapper: ({ children }: { children: ReactNode }) => <StrictMode>{children}</StrictMode> },
    );
    await waitFor(() => testFetch.exchanges.length === 1);
    await act(() => settle(20));
    expect(testFetch.exchanges).toHaveLength(1);
    expect(testFetch.stops).toHaveLength(0);
    expect(result.current.messages[1]?.status).toBe('streaming');
  });

  it('stop() before the answer is attached to marks it stopped, and nothing is requested', async () => {
    const { result } = renderChat({ initialMessages: interrupted });
    act(() => result.current.stop());
    expect(result.current.messages[1]).toMatchObject({ status: 'stopped', content: 'Hello, wo' });
    expect(result.current.status).toBe('idle');
    await act(() => settle(20));
    expect(testFetch.exchanges).toHaveLength(0);
  });

  it('marks the interrupted answer stopped when the server no longer has it', async () => {
    testFetch.acceptResumes = false;
    const { result } = renderChat({ initialMessages: interrupted });
    await waitFor(() => result.current.messages[1]?.status !== 'streaming');
    expect(result.current.messages[1]).toMatchObject({ content: 'Hello, wo', status: 'stopped' });
    expect(result.current.status).toBe('idle');
    expect(result.current.error).toBeUndefined();
  });

  it('with resume: false marks it stopped without a request', async () => {
    const { result } = renderChat({ initialMessages: interrupted, resume: false });
    expect(result.current.messages[1]?.status).toBe('stopped');
    await act(() => settle(20));
    expect(testFetch.exchanges).toHaveLength(0);
  });
});
