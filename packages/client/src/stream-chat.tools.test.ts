import type { TokenwireEvent } from '@tokenwire/protocol';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { GenerationError } from './errors/generation-error.js';
import { streamChat } from './stream-chat.js';
import {
  frames,
  openStream,
  startTestServer,
  type TestServer,
} from './test-support/start-test-server.js';
import type { ChatRequest } from './types.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

function serve(events: TokenwireEvent[]): void {
  server.handle((_request, response) => {
    openStream(response);
    response.end(frames(events));
  });
}

const start: TokenwireEvent = { type: 'start', id: 'gen_t', model: 'demo' };
const calls: TokenwireEvent[] = [
  start,
  { type: 'reasoning-delta', delta: 'Weather, ' },
  { type: 'reasoning-delta', delta: 'so a tool.' },
  { type: 'tool-call-start', toolCallId: 'call_a', name: 'get_weather', index: 0 },
  { type: 'tool-call-delta', toolCallId: 'call_a', delta: '{"city":' },
  { type: 'tool-call-delta', toolCallId: 'call_a', delta: '"Paris"}' },
  { type: 'tool-call-end', toolCallId: 'call_a' },
];

describe('streamChat: reasoning and tool calls', () => {
  it('calls onReasoning, onToolCallStart, onToolCallDelta and onToolCall, and puts both in the result', async () => {
    serve([
      ...calls,
      {
        type: 'finish',
        reason: 'tool_calls',
        usage: { promptTokens: 1, completionTokens: 9, reasoningTokens: 4 },
      },
    ]);
    const onReasoning = vi.fn();
    const onToolCallStart = vi.fn();
    const onToolCallDelta = vi.fn();
    const onToolCall = vi.fn();
    const result = await streamChat(
      server.url,
      { messages: [{ role: 'user', content: 'Weather in Paris?' }] },
      { onReasoning, onToolCallStart, onToolCallDelta, onToolCall },
    ).result;
    expect(onReasoning.mock.calls).toEqual([
      ['Weather, ', 'Weather, '],
      ['so a tool.', 'Weather, so a tool.'],
    ]);
    expect(onToolCallStart.mock.calls).toEqual([
      [{ id: 'call_a', name: 'get_weather', index: 0, argumentsText: '', isComplete: false }],
    ]);
    expect(onToolCallDelta.mock.calls.map(([delta, call]) => [delta, call.argumentsText])).toEqual([
      ['{"city":', '{"city":'],
      ['"Paris"}', '{"city":"Paris"}'],
    ]);
    const complete = {
      id: 'call_a',
      name: 'get_weather',
      index: 0,
      argumentsText: '{"city":"Paris"}',
      arguments: { city: 'Paris' },
      isComplete: true,
    };
    expect(onToolCall.mock.calls).toEqual([[complete]]);
    expect(result).toMatchObject({
      text: '',
      reasoning: 'Weather, so a tool.',
      toolCalls: [complete],
      finishReason: 'tool_calls',
      usage: { reasoningTokens: 4 },
    });
  });

  it('keeps reasoning and an unfinished tool call in the partial result of an error', async () => {
    serve([
      ...calls.slice(0, 5),
      { type: 'error', code: 'upstream_error', message: 'Failed.', retryable: true },
    ]);
    const error = (await streamChat(server.url, {
      messages: [{ role: 'user', content: 'Q' }],
    }).result.catch((caught: unknown) => caught)) as GenerationError;
    expect(error.kind).toBe('generation');
    expect(error.partial.reasoning).toBe('Weather, so a tool.');
    expect(error.partial.toolCalls).toEqual([
      { id: 'call_a', name: 'get_weather', index: 0, argumentsText: '{"city":', isComplete: false },
    ]);
  });

  it('sends assistant tool calls with content null, tool results, tools and tool_choice as they are', async () => {
    serve([start, { type: 'finish', reason: 'stop' }]);
    const body: ChatRequest = {
      messages: [
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
        { role: 'tool', tool_call_id: 'call_a', content: '{"celsius":21}' },
      ],
      tools: [
        {
          type: 'function',
          function: { name: 'get_weather', parameters: { type: 'object', properties: {} } },
        },
      ],
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
    };
    server.requests.length = 0;
    await streamChat(server.url, body).result;
    expect(JSON.parse(server.requests[0]?.body ?? '')).toEqual(body);
  });
});
