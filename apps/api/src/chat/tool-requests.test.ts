import type { MockRequestEvent } from '@tokenwire/mock-openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStream } from '../test-support/read-stream.js';
import { startTestStack, type TestStack } from '../test-support/start-test-stack.js';

const TOOL_CHAT = {
  messages: [
    { role: 'system', content: 'Use the tools.' },
    { role: 'user', content: 'Weather in Paris?' },
    {
      role: 'assistant',
      content: null,
      tool_calls: [
        {
          id: 'call_1',
          type: 'function',
          function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
        },
      ],
    },
    { role: 'tool', tool_call_id: 'call_1', content: '{"celsius":21}' },
  ],
  tools: [
    {
      type: 'function',
      function: {
        name: 'get_weather',
        description: 'Current weather for a city',
        parameters: {
          type: 'object',
          properties: { city: { type: 'string' } },
          required: ['city'],
          additionalProperties: false,
        },
        strict: true,
      },
    },
  ],
  tool_choice: 'auto',
  top_p: 0.9,
  stop: ['\n\n'],
  seed: 42,
  presence_penalty: 0.1,
  frequency_penalty: -0.1,
  reasoning_effort: 'low',
  temperature: 0.3,
  max_tokens: 64,
};

describe('tools and sampling parameters', () => {
  let stack: TestStack;
  const received: MockRequestEvent[] = [];

  beforeAll(async () => {
    stack = await startTestStack({ env: { LOG_CONTENT: '1' } });
    stack.mock.on('request', (event) => received.push(event));
  });
  afterAll(() => stack.close());

  it('forwards tools, tool calls, tool results and every sampling parameter to the upstream unchanged', async () => {
    const response = await stack.chat({ ...TOOL_CHAT, unknown_field: 'dropped' });
    expect(response.status).toBe(200);
    expect((await readStream(response)).last?.type).toBe('finish');
    expect(received).toHaveLength(1);
    const {
      model,
      stream,
      stream_options: streamOptions,
      ...forwarded
    } = (received[0]?.body ?? {}) as Record<string, unknown>;
    expect(forwarded).toEqual(TOOL_CHAT);
    expect([model, stream, streamOptions]).toEqual(['gpt-4o-mini', true, { include_usage: true }]);
  });

  it('logs tool calls and tool results with LOG_CONTENT=1, as it logs any message', () => {
    const line = stack.logs.find((entry) => entry.msg === 'request' && entry.path === '/api/chat');
    expect(line?.messages).toEqual(TOOL_CHAT.messages);
  });

  it('answers a malformed tool with 400 invalid_request naming the field', async () => {
    const response = await stack.chat({
      ...TOOL_CHAT,
      tools: [{ type: 'function', function: { name: 'get weather' } }],
    });
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe('invalid_request');
    expect(error.message).toMatch(/^tools\.0\.function\.name: /);
  });
});
