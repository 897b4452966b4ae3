import { act, cleanup, renderHook, waitFor } from '@testing-library/react';
import type { TokenwireEvent } from '@tokenwire/protocol';
import { Profiler, type ReactNode, StrictMode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type AnimationFrames,
  createTestFetch,
  mockAnimationFrames,
  settle,
  type TestExchange,
  type TestFetch,
} from './test-support/create-test-fetch.js';
import type { ChatMessage, UseChatOptions } from './types.js';
import { useChat } from './use-chat.js';

const start: TokenwireEvent = { type: 'start', id: 'gen_1', model: 'demo-1' };
const delta = (text: string): TokenwireEvent => ({ type: 'text-delta', delta: text });

let testFetch: TestFetch;
let frames: AnimationFrames;

beforeEach(() => {
  testFetch = createTestFetch();
  frames = mockAnimationFrames((name, value) => vi.stubGlobal(name, value));
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function renderChat(options: Partial<UseChatOptions> = {}) {
  return renderHook(() => useChat({ api: '/api/chat', fetch: testFetch.fetch, ...options }));
}

/** Sends frames, lets the client decode them, then runs one animation frame. */
async function deliver(exchange: TestExchange, ...events: TokenwireEvent[]): Promise<void> {
  await act(async () => {
    exchange.send(...events);
    await settle();
  });
  await act(async () => {
    frames.run();
  });
}

function lastExchange(): TestExchange {
  const exchange = testFetch.exchanges.at(-1);
  if (!exchange) throw new Error('no request was made');
  return exchange;
}

describe('useChat: send, stream, finish', () => {
  it('streams an answer into an assistant message and ends idle with reason, usage and metrics', async () => {
    const onFinish = vi.fn();
    const { result } = renderChat({ onFinish });
    let sent: Promise<void> = Promise.resolve();
    act(() => {
      sent = result.current.send('Hi there');
    });
    expect(result.current.status).toBe('submitted');
    expect(result.current.messages).toMatchObject([
      { role: 'user', content: 'Hi there' },
      { role: 'assistant', content: '', status: 'streaming' },
    ]);
    expect(lastExchange().body).toEqual({ messages: [{ role: 'user', content: 'Hi there' }] });
    expect(lastExchange().url).toBe('/api/chat');

    await deliver(lastExchange(), start);
    expect(result.current.status).toBe('streaming');
    await deliver(lastExchange(), delta('Hel'), delta('lo'));
    expect(result.current.messages[1]?.content).toBe('Hello');
    await act(() => settle(15));
    await act(async () => {
      lastExchange().send(delta('!'), {
        type: 'finish',
        reason: 'stop',
        usage: { promptTokens: 4, completionTokens: 3 },
      });
      lastExchange().end();
      await sent;
    });

    expect(result.current.status).toBe('idle');
    expect(result.current.error).toBeUndefined();
    const answer = result.current.messages[1] as ChatMessage;
    expect(answer).toMatchObject({
      role: 'assistant',
      content: 'Hello!',
      status: 'done',
      finishReason: 'stop',
      usage: { promptTokens: 4, completionTokens: 3 },
    });
    expect(answer.metrics?.deltaCount).toBe(3);
    expect(answer.metrics?.timeToFirstTokenMs).toBeGreaterThanOrEqual(0);
    expect(answer.metrics?.endedAt).toBeGreaterThanOrEqual(answer.metrics?.startedAt ?? Infinity);
    // Tens of milliseconds from first token to end: too short a window for a rate (measureAnswer).
    expect(answer.metrics?.tokensPerSecond).toBeUndefined();
    expect(onFinish).toHaveBeenCalledWith(
      answer,
      expect.objectContaining({ text: 'Hello!', generationId: 'gen_1', model: 'demo-1' }),
    );
  });

  it('sends the restored conversation, leaving out failed and empty answers, with the given headers', async () => {
    const initialMessages: ChatMessage[] = [
      { id: '1', role: 'user', content: 'First' },
      { id: '2', role: 'assistant', content: 'Answer one', status: 'done' },
      { id: '3', role: 'user', content: 'Second' },
      { id: '4', role: 'assistant', content: 'Half', status: 'error' },
      { id: '5', role: 'user', content: 'Third' },
      { id: '6', role: 'assistant', content: '', status: 'stopped' },
    ];
    const { result } = renderChat({ initialMessages, headers: { Authorization: 'Bearer t' } });
    act(() => {
      void result.current.send('Fourth');
    });
    expect(lastExchange().body.messages).toEqual([
      { role: 'user', content: 'First' },
      { role: 'assistant', content: 'Answer one' },
      { role: 'user', content: 'Second' },
      { role: 'user', content: 'Third' },
      { role: 'user', content: 'Fourth' },
    ]);
    expect(lastExchange().headers.get('authorization')).toBe('Bearer t');
  });

  it('marks a message restored mid-stream as stopped, and reports every messages change', async () => {
    const onMessagesChange = vi.fn();
    const { result } = renderChat({
      initialMessages: [
        { id: '1', role: 'user', content: 'Q' },
        { id: '2', role: 'assistant', content: 'Partial', status: 'streaming' },
      ],
      onMessagesChange,
    });
    expect(result.current.messages[1]?.status).toBe('stopped');
    act(() => {
      void result.current.send('Again');
    });
    expect(onMessagesChange).toHaveBeenLastCalledWith(result.current.messages);
    expect(onMessagesChange.mock.lastCall?.[0]).toHaveLength(4);
  });

  it('works under StrictMode, whose double-run effects must not abort a later answer', async () => {
    const { result } = renderHook(() => useChat({ api: '/api/chat', fetch: testFetch.fetch }), {
      wrapper: StrictMode,
    });
    let sent: Promise<void> = Promise.resolve();
    act(() => {
      sent = result.current.send('Strict');
    });
    await act(async () => {
      lastExchange().send(start, delta('Fine'), { type: 'finish', reason: 'stop' });
      lastExchange().end();
      await sent;
    });
    expect(lastExchange().isCancelled).toBe(false);
    expect(result.current.messages[1]).toMatchObject({ content: 'Fine', status: 'done' });
  });

  it('ignores a blank message', () => {
    const { result } = renderChat();
    act(() => {
      void result.current.send('   ');
    });
    expect(result.current.messages).toEqual([]);
    expect(testFetch.exchanges).toHaveLength(0);
  });
});

describe('useChat: stop, retry, reset, unmount', () => {
  it('stop() aborts the request and keeps the partial answer marked stopped', async () => {
    const onError = vi.fn();
    const { result } = renderChat({ onError });
    act(() => {
      void result.current.send('Tell me a story');
    });
    const exchange = lastExchange();
    await deliver(exchange, start, delta('Once upon'));
    act(() => result.current.stop());
    expect(result.current.status).toBe('idle');
    expect(result.current.messages[1]).toMatchObject({ content: 'Once upon', status: 'stopped' });
    await act(() => settle());
    expect(exchange.isCancelled).toBe(true);
    expect(onError).not.toHaveBeenCalled();
    expect(result.current.error).toBeUndefined();
  });

  it('retry() after a stop re-sends the last user message and replaces the stopped answer', async () => {
    const { result } = renderChat();
    act(() => {
      void result.current.send('Question');
    });
    await deliver(lastExchange(), start, delta('Partial'));
    act(() => result.current.stop());
    let retried: Promise<void> = Promise.resolve();
    act(() => {
      retried = result.current.retry();
    });
    expect(testFetch.exchanges).toHaveLength(2);
    expect(lastExchange().body).toEqual({ messages: [{ role: 'user', content: 'Question' }] });
    expect(result.current.messages).toHaveLength(2);
    expect(result.current.messages[1]).toMatchObject({ content: '', status: 'streaming' });
    await act(async () => {
      lastExchange().send(start, delta('Full answer'), { type: 'finish', reason: 'stop' });
      lastExchange().end();
      await retried;
    });
    expect(result.current.messages.map((message) => message.content)).toEqual([
      'Question',
      'Full answer',
    ]);
    expect(result.current.messages[1]?.status).toBe('done');
  });

  it('send() during an answer stops it and starts the next one', async () => {
    const { result } = renderChat();
    act(() => {
      void result.current.send('One');
    });
    const first = lastExchange();
    await deliver(first, start, delta('Ans'));
    act(() => {
      void result.current.send('Two');
    });
    await act(() => settle());
    expect(first.isCancelled).toBe(true);
    expect(result.current.messages).toMatchObject([
      { content: 'One' },
      { content: 'Ans', status: 'stopped' },
      { content: 'Two' },
      { content: '', status: 'streaming' },
    ]);
    expect(lastExchange().body.messages).toEqual([
      { role: 'user', content: 'One' },
      { role: 'assistant', content: 'Ans' },
      { role: 'user', content: 'Two' },
    ]);
  });

  it('edit() replaces a user message with a new one, drops what followed and sends that path', async () => {
    const initialMessages: ChatMessage[] = [
      { id: 'u1', role: 'user', content: 'First' },
      { id: 'a1', role: 'assistant', content: 'One', status: 'done' },
      { id: 'u2', role: 'user', content: 'Second' },
      { id: 'a2', role: 'assistant', content: 'Two', status: 'done' },
    ];
    const { result } = renderChat({ initialMessages });
    act(() => {
      void result.current.edit('u2', 'Second, better');
    });
    expect(lastExchange().body.messages).toEqual([
      { role: 'user', content: 'First' },
      { role: 'assistant', content: 'One' },
      { role: 'user', content: 'Second, better' },
    ]);
    expect(result.current.messages).toHaveLength(4);
    expect(result.current.messages[2]).toMatchObject({ role: 'user', content: 'Second, better' });
    expect(result.current.messages[2]?.id).not.toBe('u2');
    expect(result.current.messages[3]).toMatchObject({ role: 'assistant', status: 'streaming' });
  });

  it('edit() during an answer reports it stopped before replacing it', async () => {
    const onMessagesChange = vi.fn();
    const { result } = renderChat({ onMessagesChange });
    act(() => {
      void result.current.send('Question');
    });
    const first = lastExchange();
    await deliver(first, start, delta('Half'));
    const questionId = result.current.messages[0]?.id ?? '';
    act(() => {
      void result.current.edit(questionId, 'Better question');
    });
    await act(() => settle());
    expect(first.isCancelled).toBe(true);
    const reported = onMessagesChange.mock.calls.map(([messages]) => messages.at(-1));
    expect(reported).toContainEqual(
      expect.objectContaining({ content: 'Half', status: 'stopped' }),
    );
    expect(result.current.messages.map((message) => message.content)).toEqual([
      'Better question',
      '',
    ]);
  });

  it('edit() ignores blank text, unknown ids and assistant messages', () => {
    const initialMessages: ChatMessage[] = [
      { id: 'u1', role: 'user', content: 'First' },
      { id: 'a1', role: 'assistant', content: 'One', status: 'done' },
    ];
    const { result } = renderChat({ initialMessages });
    act(() => {
      void result.current.edit('u1', '  ');
      void result.current.edit('nope', 'x');
      void result.current.edit('a1', 'x');
    });
    expect(testFetch.exchanges).toHaveLength(0);
    expect(result.current.messages).toEqual(initialMessages);
  });

  it('setMessages() stops the answer in flight and the next request sends the new path', async () => {
    const onMessagesChange = vi.fn();
    const { result } = renderChat({ onMessagesChange });
    act(() => {
      void result.current.send('Question');
    });
    const first = lastExchange();
    await deliver(first, start, delta('Partial'));
    const other: ChatMessage[] = [
      { id: 'u9', role: 'user', content: 'Other' },
      { id: 'a9', role: 'assistant', content: 'Branch', status: 'done' },
    ];
    act(() => result.current.setMessages(other));
    await act(() => settle());
    expect(first.isCancelled).toBe(true);
    // The stopped answer is reported before the switch, so a caller keeping versions has it.
    expect(onMessagesChange.mock.calls.at(-2)?.[0].at(-1)).toMatchObject({
      content: 'Partial',
      status: 'stopped',
    });
    expect(result.current.messages).toEqual(other);
    expect(result.current.status).toBe('idle');
    act(() => {
      void result.current.send('Next');
    });
    expect(lastExchange().body.messages).toEqual([
      { role: 'user', content: 'Other' },
      { role: 'assistant', content: 'Branch' },
      { role: 'user', content: 'Next' },
    ]);
  });

  it('reset() aborts the answer and clears the conversation', async () => {
    const { result } = renderChat({ initialMessages: [{ id: '1', role: 'user', content: 'Old' }] });
    act(() => {
      void result.current.send('New');
    });
    const exchange = lastExchange();
    await deliver(exchange, start, delta('x'));
    act(() => result.current.reset());
    await act(() => settle());
    expect(result.current).toMatchObject({ messages: [], status: 'idle', error: undefined });
    expect(exchange.isCancelled).toBe(true);
  });

  it('aborts the answer in flight on unmount', async () => {
    const { result, unmount } = renderChat();
    act(() => {
      void result.current.send('Bye');
    });
    const exchange = lastExchange();
    await deliver(exchange, start, delta('x'));
    unmount();
    await settle();
    expect(exchange.isCancelled).toBe(true);
  });
});

describe('useChat: errors keep the partial text', () => {
  it('an error event sets status error with the typed error, and retry() clears it', async () => {
    const onError = vi.fn();
    const { result } = renderChat({ onError });
    let sent: Promise<void> = Promise.resolve();
    act(() => {
      sent = result.current.send('Q');
    });
    await deliver(lastExchange(), start, delta('Half'));
    await act(async () => {
      lastExchange().send({
        type: 'error',
        code: 'upstream_unavailable',
        message: 'The model is unreachable.',
        retryable: true,
      });
      lastExchange().end();
      await sent;
    });
    expect(result.current.status).toBe('error');
    expect(result.current.error).toMatchObject({
      kind: 'generation',
      code: 'upstream_unavailable',
      message: 'The model is unreachable.',
      retryable: true,
    });
    expect(result.current.messages[1]).toMatchObject({ content: 'Half', status: 'error' });
    expect(onError).toHaveBeenCalledWith(result.current.error, result.current.messages[1]);

    act(() => {
      void result.current.retry();
    });
    expect(result.current.status).toBe('submitted');
    expect(result.current.error).toBeUndefined();
    expect(result.current.messages).toHaveLength(2);
  });

  it('an HTTP error from the API becomes an http error with its status and code', async () => {
    testFetch.respondOnceWith(
      new Response(JSON.stringify({ error: { code: 'rate_limited', message: 'Slow down.' } }), {
        status: 429,
        headers: { 'Content-Type': 'application/json', 'Retry-After': '2' },
      }),
    );
    const { result } = renderChat();
    await act(() => result.current.send('Q'));
    expect(result.current.status).toBe('error');
    expect(result.current.error).toMatchObject({
      kind: 'http',
      status: 429,
      code: 'rate_limited',
      retryable: true,
      retryAfterMs: 2000,
    });
    expect(result.current.messages[1]).toMatchObject({ content: '', status: 'error' });
  });

  it('a stream cut without finish is a truncated error that keeps the partial answer', async () => {
    const { result } = renderChat();
    let sent: Promise<void> = Promise.resolve();
    act(() => {
      sent = result.current.send('Q');
    });
    await deliver(lastExchange(), start, delta('Cut he'));
    await act(async () => {
      lastExchange().end();
      await sent;
    });
    expect(result.current.status).toBe('error');
    expect(result.current.error).toMatchObject({ kind: 'truncated', retryable: true });
    expect(result.current.error?.partial.text).toBe('Cut he');
    expect(result.current.messages[1]).toMatchObject({ content: 'Cut he', status: 'error' });
  });
});

describe('useChat: rendering is bounded by animation frames', () => {
  function renderCounted(options: Partial<UseChatOptions> = {}) {
    const commits = { count: 0 };
    const wrapper = ({ children }: { children: ReactNode }) => (
      <Profiler
        id="chat"
        onRender={() => {
          commits.count += 1;
        }}
      >
        {children}
      </Profiler>
    );
    const rendered = renderHook(
      () => useChat({ api: '/api/chat', fetch: testFetch.fetch, ...options }),
      { wrapper },
    );
    return { ...rendered, commits };
  }

  it('streams 2,000 deltas with at most one commit per frame', async () => {
    const { result, commits } = renderCounted();
    let sent: Promise<void> = Promise.resolve();
    act(() => {
      sent = result.current.send('Go');
    });
    const exchange = lastExchange();
    const deltas = Array.from({ length: 2000 }, (_, index) => `t${index} `);
    const expected = deltas.join('');
    const commitsBefore = commits.count;
    let framesRun = 0;
    const seenLengths: number[] = [];

    await act(async () => {
      exchange.send(start);
      await settle();
    });
    // 40 network chunks of 50 deltas each, one animation frame after each chunk.
    for (let chunk = 0; chunk < 40; chunk += 1) {
      await act(async () => {
        for (let index = chunk * 50; index < (chunk + 1) * 50; index += 1) {
          exchange.send(delta(deltas[index] as string));
        }
        await settle();
      });
      await act(async () => {
        framesRun += frames.run();
      });
      seenLengths.push(result.current.messages[1]?.content.length ?? 0);
    }
    const streamingCommits = commits.count - commitsBefore;
    await act(async () => {
      exchange.send({ type: 'finish', reason: 'stop' });
      exchange.end();
      await sent;
    });

    expect(result.current.messages[1]?.content).toBe(expected);
    expect(result.current.messages[1]?.metrics?.deltaCount).toBe(2000);
    expect(framesRun).toBe(40);
    expect(streamingCommits).toBeLessThanOrEqual(framesRun);
    expect(streamingCommits).toBeGreaterThan(0);
    // The text grew frame by frame: the UI streamed rather than waiting for the end.
    expect(seenLengths.at(0)).toBeGreaterThan(0);
    expect(seenLengths.at(0)).toBeLessThan(expected.length);
    expect(seenLengths.at(-1)).toBe(expected.length);
    expect(commits.count).toBeLessThanOrEqual(framesRun + 3);
  });

  it('does not render at all between frames, however many deltas arrive', async () => {
    const { result, commits } = renderCounted();
    act(() => {
      void result.current.send('Go');
    });
    const commitsAfterSend = commits.count;
    await act(async () => {
      lastExchange().send(start);
      for (let index = 0; index < 2000; index += 1) lastExchange().send(delta('x'));
      await settle();
    });
    expect(commits.count).toBe(commitsAfterSend);
    expect(frames.pending()).toBe(1);
    await act(async () => {
      frames.run();
    });
    expect(commits.count).toBe(commitsAfterSend + 1);
    expect(result.current.messages[1]?.content).toBe('x'.repeat(2000));
  });

  it('ends an answer in the next frame when this frame already rendered its text', async () => {
    const onFinish = vi.fn();
    const { result, commits } = renderCounted({ onFinish });
    let sent: Promise<void> = Promise.resolve();
    act(() => {
      sent = result.current.send('Go');
    });
    await deliver(lastExchange(), start, delta('Hello'));
    const commitsAfterFrame = commits.count;
    let hasSettled = false;
    void sent.then(() => {
      hasSettled = true;
    });
    await act(async () => {
      lastExchange().send(delta(' there'), { type: 'finish', reason: 'stop' });
      lastExchange().end();
      await settle();
    });
    // The frame that showed "Hello" is still the current one: the end waits for the next.
    expect(commits.count).toBe(commitsAfterFrame);
    expect(result.current.status).toBe('streaming');
    expect(hasSettled).toBe(false);
    expect(onFinish).not.toHaveBeenCalled();
    await act(async () => {
      frames.run();
      await sent;
    });
    expect(commits.count).toBe(commitsAfterFrame + 1);
    expect(result.current.status).toBe('idle');
    expect(result.current.messages[1]).toMatchObject({ content: 'Hello there', status: 'done' });
    expect(onFinish).toHaveBeenCalledTimes(1);
  });

  it('ends an answer at once when no frame rendered since the last one began', async () => {
    const { result, commits } = renderCounted();
    let sent: Promise<void> = Promise.resolve();
    act(() => {
      sent = result.current.send('Go');
    });
    await deliver(lastExchange(), start, delta('Hello'));
    // A frame with nothing new: the frame that rendered "Hello" is over.
    await act(async () => {
      frames.run();
    });
    const commitsBefore = commits.count;
    await act(async () => {
      lastExchange().send({ type: 'finish', reason: 'stop' });
      lastExchange().end();
      await settle();
    });
    expect(commits.count).toBe(commitsBefore + 1);
    expect(result.current.messages[1]).toMatchObject({ content: 'Hello', status: 'done' });
    await act(() => sent);
  });

  it('does not wait for a frame that never comes (a hidden tab) to end an answer', async () => {
    const { result } = renderCounted();
    let sent: Promise<void> = Promise.resolve();
    act(() => {
      sent = result.current.send('Go');
    });
    await deliver(lastExchange(), start, delta('Hi'));
    await act(async () => {
      lastExchange().send({ type: 'finish', reason: 'stop' });
      lastExchange().end();
      await sent;
    });
    expect(result.current.status).toBe('idle');
    expect(result.current.messages[1]).toMatchObject({ content: 'Hi', status: 'done' });
  });

  it('applies an end still waiting for its frame before a user action', async () => {
    const { result } = renderCounted();
    act(() => {
      void result.current.send('First');
    });
    await deliver(lastExchange(), start, delta('One'));
    await act(async () => {
      lastExchange().send({ type: 'finish', reason: 'stop' });
      lastExchange().end();
      await settle();
    });
    expect(result.current.status).toBe('streaming');
    act(() => {
      void result.current.send('Second');
    });
    expect(result.current.status).toBe('submitted');
    expect(result.current.messages).toMatchObject([
      { role: 'user', content: 'First' },
      { role: 'assistant', content: 'One', status: 'done' },
      { role: 'user', content: 'Second' },
      { role: 'assistant', content: '', status: 'streaming' },
    ]);
    // The frame that was due for the first answer's end has nothing left to do.
    await act(async () => {
      frames.run();
    });
    expect(result.current.messages[1]).toMatchObject({ status: 'done' });
    expect(result.current.status).toBe('submitted');
  });

  it('falls back to a timer where requestAnimationFrame does not exist', async () => {
    vi.stubGlobal('requestAnimationFrame', undefined);
    const { result } = renderChat();
    act(() => {
      void result.current.send('Go');
    });
    act(() => {
      lastExchange().send(start, delta('no rAF here'));
    });
    // Only the fallback timer can publish the delta here; waitFor polls instead of guessing
    // how long a loaded machine takes to read the body and fire it.
    await waitFor(() => {
      expect(result.current.status).toBe('streaming');
      expect(result.current.messages[1]?.content).toBe('no rAF here');
    });
  });
});
