import { act, cleanup, renderHook } from '@testing-library/react';
import type { TokenwireEvent } from '@tokenwire/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type AnimationFrames,
  createTestFetch,
  mockAnimationFrames,
  settle,
  type TestExchange,
  type TestFetch,
} from './test-support/create-test-fetch.js';
import type { UseChatOptions } from './types.js';
import { useChat } from './use-chat.js';

const start: TokenwireEvent = { type: 'start', id: 'gen_1', model: 'demo-1' };
const finishWith = (reason: 'stop' | 'tool_calls'): TokenwireEvent => ({ type: 'finish', reason });
const weatherCall: TokenwireEvent[] = [
  { type: 'tool-call-start', toolCallId: 'call_a', name: 'get_weather', index: 0 },
  { type: 'tool-call-delta', toolCallId: 'call_a', delta: '{"city":' },
  { type: 'tool-call-delta', toolCallId: 'call_a', delta: '"Paris"}' },
  { type: 'tool-call-end', toolCallId: 'call_a' },
];

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

async function deliver(exchange: TestExchange, ...events: TokenwireEvent[]): Promise<void> {
  await act(async () => {
    exchange.send(...events);
    await settle();
  });
  await act(async () => {
    frames.run();
  });
}

function exchange(index: number): TestExchange {
  const found = testFetch.exchanges[index];
  if (!found) throw new Error(`no request #${index}`);
  return found;
}

describe('useChat: reasoning and tool calls', () => {
  it('streams reasoning and a tool call into the answer, with how long it reasoned', async () => {
    const { result } = renderChat();
    act(() => {
      void result.current.send('Think');
    });
    await deliver(exchange(0), start, { type: 'reasoning-delta', delta: 'Hmm, ' });
    expect(result.current.status).toBe('streaming');
    expect(result.current.messages[1]).toMatchObject({ content: '', reasoning: 'Hmm, ' });
    expect(result.current.messages[1]?.metrics?.reasoningMs).toBeGreaterThanOrEqual(0);
    await deliver(
      exchange(0),
      { type: 'reasoning-delta', delta: 'Paris.' },
      ...weatherCall.slice(0, 2),
    );
    const streaming = result.current.messages[1];
    expect(streaming?.reasoning).toBe('Hmm, Paris.');
    expect(streaming?.toolCalls).toEqual([
      expect.objectContaining({
        id: 'call_a',
        name: 'get_weather',
        argumentsText: '{"city":',
        isComplete: false,
      }),
    ]);
    await act(async () => {
      exchange(0).send(...weatherCall.slice(2), finishWith('tool_calls'));
      exchange(0).end();
      await settle();
      frames.run();
      await settle();
    });
    // No tool registered: the answer ends with its call, and nothing more is asked.
    expect(result.current.status).toBe('idle');
    expect(testFetch.exchanges).toHaveLength(1);
    const answer = result.current.messages[1];
    expect(answer).toMatchObject({
      status: 'done',
      finishReason: 'tool_calls',
      reasoning: 'Hmm, Paris.',
      generationId: 'gen_1',
      toolCalls: [{ id: 'call_a', arguments: { city: 'Paris' }, isComplete: true }],
    });
    expect(answer?.toolCalls?.[0]?.result).toBeUndefined();
    const reasoningMs = answer?.metrics?.reasoningMs ?? -1;
    expect(reasoningMs).toBeGreaterThanOrEqual(0);
    expect(reasoningMs).toBeLessThanOrEqual(
      (answer?.metrics?.endedAt ?? 0) - (answer?.metrics?.startedAt ?? 0),
    );
  });

  it('runs a registered tool, sends its result in OpenAI shape with the tool definitions, and streams the next answer', async () => {
    const getWeather = vi.fn(async (args: unknown) => ({
      city: (args as { city: string }).city,
      celsius: 21,
    }));
    const { result } = renderChat({
      tools: {
        get_weather: {
          description: 'The weather in a city',
          parameters: { type: 'object', properties: { city: { type: 'string' } } },
          execute: getWeather,
        },
      },
    });
    let sent: Promise<void> = Promise.resolve();
    act(() => {
      sent = result.current.send('Weather in Paris?');
    });
    expect(exchange(0).body.tools).toEqual([
      {
        type: 'function',
        function: {
          name: 'get_weather',
          description: 'The weather in a city',
          parameters: { type: 'object', properties: { city: { type: 'string' } } },
        },
      },
    ]);
    await act(async () => {
      exchange(0).send(start, ...weatherCall, finishWith('tool_calls'));
      exchange(0).end();
      for (let step = 0; step < 5 && testFetch.exchanges.length < 2; step += 1) {
        await settle();
        frames.run();
      }
    });
    expect(getWeather).toHaveBeenCalledWith(
      { city: 'Paris' },
      expect.objectContaining({ id: 'call_a' }),
    );
    expect(testFetch.exchanges).toHaveLength(2);
    expect(exchange(1).body.messages).toEqual([
      { role: 'user', content: 'Weather in Paris?' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          {
            id: 'call_a',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
          },
        ],
      },
      { role: 'tool', tool_call_id: 'call_a', content: '{"city":"Paris","celsius":21}' },
    ]);
    expect(exchange(1).body.tools).toHaveLength(1);
    expect(result.current.status).not.toBe('idle');
    await act(async () => {
      exchange(1).send(
        { type: 'start', id: 'gen_2', model: 'demo-1' },
        { type: 'text-delta', delta: 'Sunny, 21 °C.' },
        finishWith('stop'),
      );
      exchange(1).end();
      await sent;
    });
    expect(result.current.status).toBe('idle');
    expect(result.current.messages).toMatchObject([
      { role: 'user' },
      {
        role: 'assistant',
        status: 'done',
        toolCalls: [{ id: 'call_a', result: { city: 'Paris', celsius: 21 } }],
      },
      { role: 'assistant', status: 'done', content: 'Sunny, 21 °C.', generationId: 'gen_2' },
    ]);
  });

  it('stops asking again after maxToolRounds rounds, and reports a throwing tool as an error result', async () => {
    const { result } = renderChat({
      maxToolRounds: 1,
      tools: {
        get_weather: () => {
          throw new Error('no network');
        },
      },
    });
    let sent: Promise<void> = Promise.resolve();
    act(() => {
      sent = result.current.send('Weather?');
    });
    await act(async () => {
      exchange(0).send(start, ...weatherCall, finishWith('tool_calls'));
      exchange(0).end();
      for (let step = 0; step < 5 && testFetch.exchanges.length < 2; step += 1) {
        await settle();
        frames.run();
      }
    });
    expect(exchange(1).body.messages.at(-1)).toEqual({
      role: 'tool',
      tool_call_id: 'call_a',
      content: '{"error":"no network"}',
    });
    await act(async () => {
      exchange(1).send(
        { type: 'start', id: 'gen_2', model: 'm' },
        ...weatherCall,
        finishWith('tool_calls'),
      );
      exchange(1).end();
      await sent;
    });
    expect(testFetch.exchanges).toHaveLength(2);
    expect(result.current.status).toBe('idle');
    expect(result.current.messages.at(-1)?.toolCalls?.[0]?.result).toBeUndefined();
  });

  it('onToolCall answers calls that no tool runs; undefined leaves them for the app', async () => {
    const onToolCall = vi.fn(() => undefined);
    const { result } = renderChat({ onToolCall });
    let sent: Promise<void> = Promise.resolve();
    act(() => {
      sent = result.current.send('Weather?');
    });
    expect(exchange(0).body.tools).toBeUndefined();
    await act(async () => {
      exchange(0).send(start, ...weatherCall, finishWith('tool_calls'));
      exchange(0).end();
      await sent;
    });
    expect(onToolCall).toHaveBeenCalledWith(expect.objectContaining({ name: 'get_weather' }));
    expect(testFetch.exchanges).toHaveLength(1);
    expect(result.current.status).toBe('idle');
  });

  it('stop() while tools run keeps the answer and asks nothing more', async () => {
    let release: (value: unknown) => void = () => {};
    const { result } = renderChat({
      tools: { get_weather: () => new Promise((resolve) => (release = resolve)) },
    });
    act(() => {
      void result.current.send('Weather?');
    });
    await act(async () => {
      exchange(0).send(start, ...weatherCall, finishWith('tool_calls'));
      exchange(0).end();
      await settle();
      frames.run();
      await settle();
    });
    expect(result.current.status).toBe('streaming');
    act(() => result.current.stop());
    expect(result.current.status).toBe('idle');
    await act(async () => {
      release({ celsius: 21 });
      await settle();
    });
    expect(testFetch.exchanges).toHaveLength(1);
    expect(result.current.messages).toHaveLength(2);
  });
});
