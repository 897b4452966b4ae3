import type { MockRequestEvent } from '@tokenwire/mock-openai';
import { createEventDecoder, type TokenwireEvent } from '@tokenwire/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../test-support/start-test-stack.js';

async function readAll(response: Response): Promise<TokenwireEvent[]> {
  const events: TokenwireEvent[] = [];
  const decoder = createEventDecoder({ onEvent: (event) => events.push(event) });
  decoder.push(new Uint8Array(await response.arrayBuffer()));
  decoder.end();
  return events;
}

const joined = (events: TokenwireEvent[], type: 'text-delta' | 'reasoning-delta') =>
  events.map((event) => (event.type === type ? event.delta : '')).join('');

const tools = [
  {
    type: 'function',
    function: {
      name: 'get_weather',
      description: 'The weather in a city',
      parameters: { type: 'object', properties: { city: { type: 'string' } } },
    },
  },
];

describe('reasoning and tool calls through the API', () => {
  let stack: TestStack;
  const requests: MockRequestEvent[] = [];

  beforeAll(async () => {
    stack = await startTestStack();
    stack.mock.on('request', (event) => requests.push(event));
  });
  afterAll(() => stack.close());

  it.each(['reasoning_content', 'reasoning'])(
    'streams %s as reasoning-delta events before the answer',
    async (field) => {
      const events = await readAll(
        await stack.ask(`Think [mock reasoning=12 reasoningField=${field} tokens=5]`),
      );
      const types = events.map((event) => event.type);
      expect(types.indexOf('reasoning-delta')).toBe(1);
      expect(types.lastIndexOf('reasoning-delta')).toBeLessThan(types.indexOf('text-delta'));
      expect(joined(events, 'reasoning-delta').length).toBeGreaterThan(0);
      expect(events.filter((event) => event.type === 'reasoning-delta')).toHaveLength(12);
      expect(events.at(-1)).toMatchObject({ type: 'finish', usage: { reasoningTokens: 12 } });
    },
  );

  it('closes a tool round trip: tool calls out, the result back, the final answer', async () => {
    const question = { role: 'user', content: 'Weather in two cities? [mock tools=2]' };
    const first = await readAll(await stack.chat({ messages: [question], tools }));
    expect(first.at(-1)).toMatchObject({ type: 'finish', reason: 'tool_calls' });
    const calls = new Map<string, { name: string; arguments: string; isEnded: boolean }>();
    for (const event of first) {
      if (event.type === 'tool-call-start') {
        calls.set(event.toolCallId, { name: event.name, arguments: '', isEnded: false });
      } else if (event.type === 'tool-call-delta') {
        const call = calls.get(event.toolCallId);
        expect(call?.isEnded).toBe(false);
        if (call) call.arguments += event.delta;
      } else if (event.type === 'tool-call-end') {
        const call = calls.get(event.toolCallId);
        if (call) call.isEnded = true;
      }
    }
    expect(calls.size).toBe(2);
    for (const call of calls.values()) {
      expect(call.isEnded).toBe(true);
      expect(call.name).toBe('get_weather');
      expect(() => JSON.parse(call.arguments)).not.toThrow();
    }

    const assistant = {
      role: 'assistant',
      content: null,
      tool_calls: [...calls].map(([id, call]) => ({
        id,
        type: 'function',
        function: { name: call.name, arguments: call.arguments },
      })),
    };
    const results = [...calls.keys()].map((id) => ({
      role: 'tool',
      tool_call_id: id,
      content: '{"temperature":21}',
    }));
    requests.length = 0;
    const second = await readAll(
      await stack.chat({ messages: [question, assistant, ...results], tools, tool_choice: 'auto' }),
    );
    // The upstream got the loop exactly as OpenAI expects it.
    const sent = requests[0]?.body as { messages: unknown[]; tools: unknown; tool_choice: unknown };
    expect(sent.messages).toEqual([question, assistant, ...results]);
    expect(sent.tools).toEqual(tools);
    expect(sent.tool_choice).toBe('auto');
    expect(joined(second, 'text-delta').length).toBeGreaterThan(0);
    expect(second.at(-1)).toMatchObject({ type: 'finish', reason: 'stop' });
  });
});
