import type OpenAI from 'openai';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillerTokens } from './filler-tokens.js';
import { startMockOpenAI } from './start-mock-openai.js';
import { nextRequest } from './test-support/next-event.js';
import { ask, collectChunks, createClient } from './test-support/openai-client.js';
import type { MockChunkDelta, MockOpenAI } from './types.js';

let mock: MockOpenAI;
let client: OpenAI;

beforeAll(async () => {
  mock = await startMockOpenAI({ tokensPerSecond: 0 });
  client = createClient(mock);
});
afterAll(() => mock.close());

const weatherTools = [
  {
    type: 'function' as const,
    function: {
      name: 'get_weather',
      parameters: { type: 'object', properties: { city: { type: 'string' } } },
    },
  },
  { type: 'function' as const, function: { name: 'get_time', parameters: { type: 'object' } } },
];

/** The delta as sent, with the members the SDK's types do not name (reasoning). */
const rawDelta = (chunk: ChatCompletionChunk): Record<string, unknown> =>
  (chunk.choices[0]?.delta ?? {}) as Record<string, unknown>;

describe('reasoning', () => {
  it('[mock reasoning=N] sends N reasoning_content chunks before the answer, counted in usage', async () => {
    const stream = await client.chat.completions.create({
      ...ask('Explain SSE [mock reasoning=7]'),
      stream: true,
      stream_options: { include_usage: true },
    });
    const { chunks, text, contentChunks } = await collectChunks(stream);
    const deltas = chunks.slice(1, -2).map(rawDelta);
    const reasoning = deltas.filter((delta) => typeof delta.reasoning_content === 'string');
    expect(reasoning).toHaveLength(7);
    // Reasoning first, then only content.
    expect(deltas.slice(0, 7)).toEqual(reasoning);
    expect(deltas.slice(7).every((delta) => typeof delta.content === 'string')).toBe(true);
    expect(reasoning.map((delta) => delta.reasoning_content).join('')).toMatch(/^Okay, the user/);
    expect(text.length).toBeGreaterThan(0);
    const usage = chunks.at(-1)?.usage;
    expect(usage?.completion_tokens).toBe(contentChunks + 7);
    expect(usage?.completion_tokens_details?.reasoning_tokens).toBe(7);
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe('stop');
  });

  it('[mock reasoningField=reasoning] uses delta.reasoning, as vLLM 0.11+ and Ollama do', async () => {
    const stream = await client.chat.completions.create({
      ...ask('Hi [mock reasoning=3 reasoningField=reasoning tokens=2]'),
      stream: true,
    });
    const { chunks } = await collectChunks(stream);
    expect(chunks.slice(1, -1).map(rawDelta)).toEqual([
      { reasoning: 'Okay' },
      { reasoning: ',' },
      { reasoning: ' the' },
      ...[...fillerTokens(2)].map((content) => ({ content })),
    ]);
  });

  it('takes reasoning from x-mock-* headers too', async () => {
    const stream = await client.chat.completions.create(
      { ...ask('Hi'), stream: true },
      {
        headers: {
          'x-mock-reasoning': '2',
          'x-mock-reasoning-field': 'reasoning',
          'x-mock-tokens': '1',
        },
      },
    );
    const { chunks } = await collectChunks(stream);
    expect(chunks.slice(1, -1).map(rawDelta)).toEqual([
      { reasoning: 'Okay' },
      { reasoning: ',' },
      ...[...fillerTokens(1)].map((content) => ({ content })),
    ]);
  });

  it('leaves completion_tokens_details out when there was no reasoning', async () => {
    const stream = await client.chat.completions.create({
      ...ask('Hi [mock tokens=3]'),
      stream: true,
      stream_options: { include_usage: true },
    });
    const { chunks } = await collectChunks(stream);
    expect(chunks.at(-1)?.usage).toEqual({
      prompt_tokens: expect.any(Number),
      completion_tokens: 3,
      total_tokens: expect.any(Number),
    });
  });

  it('answers a bad reasoningField or tools value with a 400 naming it', async () => {
    for (const directive of ['reasoningField=thoughts', 'tools=many', 'reasoning=-1']) {
      const response = await fetch(`${mock.url}/chat/completions`, {
        method: 'POST',
        body: JSON.stringify({ ...ask(`Hi [mock ${directive}]`), stream: true }),
      });
      expect(response.status, directive).toBe(400);
      const body = (await response.json()) as { error: { message: string } };
      expect(body.error.message).toContain(directive.split('=')[0]);
    }
  });
});

describe('tool calls', () => {
  it('[mock tools=N] streams N interleaved parallel calls in OpenAI shape that the SDK reassembles', async () => {
    const stream = await client.chat.completions.create({
      ...ask('Weather in two places [mock tools=3 reasoning=2]'),
      tools: weatherTools,
      stream: true,
    });
    const { chunks, text } = await collectChunks(stream);
    expect(text).toBe('');
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('tool_calls');

    const calls = new Map<number, { id: string; name: string; arguments: string }>();
    const order: number[] = [];
    let hasCutCharacter = false;
    for (const chunk of chunks.slice(3, -1)) {
      const toolCalls = chunk.choices[0]?.delta.tool_calls;
      expect(toolCalls).toHaveLength(1);
      const [call] = toolCalls ?? [];
      if (!call) continue;
      order.push(call.index);
      const known = calls.get(call.index);
      if (!known) {
        // A call's first chunk: index, id, type and name, with empty arguments.
        expect(call).toEqual({
          index: call.index,
          id: expect.stringMatching(/^call_/),
          type: 'function',
          function: { name: expect.any(String), arguments: '' },
        });
        calls.set(call.index, {
          id: call.id ?? '',
          name: call.function?.name ?? '',
          arguments: '',
        });
      } else {
        expect(Object.keys(call).sort()).toEqual(['function', 'index']);
        const piece = call.function?.arguments ?? '';
        if (/[\ud800-\udbff]$/.test(piece)) hasCutCharacter = true;
        known.arguments += piece;
      }
    }
    expect([...calls.keys()]).toEqual([0, 1, 2]);
    expect([...calls.values()].map((call) => call.name)).toEqual([
      'get_weather',
      'get_time',
      'get_weather',
    ]);
    expect(new Set([...calls.values()].map((call) => call.id)).size).toBe(3);
    // Interleaved: call 0 has pieces after call 1 started.
    expect(order.lastIndexOf(0)).toBeGreaterThan(order.indexOf(1));
    // Split inside a character: only the joined arguments are valid JSON and valid UTF-16.
    expect(hasCutCharacter).toBe(true);
    expect(JSON.parse(calls.get(0)?.arguments ?? '')).toEqual({
      city: 'München',
      unit: 'celsius',
      note: 'Grüße 👋🏽 #0',
    });
    expect(JSON.parse(calls.get(1)?.arguments ?? '')).toMatchObject({ city: '東京' });
  });

  it("is reassembled by the SDK's own stream helper into the final message's tool_calls", async () => {
    const stream = client.chat.completions.stream({
      ...ask('Weather [mock tools=2]'),
      tools: weatherTools,
    });
    const completion = await stream.finalChatCompletion();
    const message = completion.choices[0]?.message;
    expect(completion.choices[0]?.finish_reason).toBe('tool_calls');
    expect(
      message?.tool_calls?.map((call) => call.type === 'function' && call.function.name),
    ).toEqual(['get_weather', 'get_time']);
    for (const call of message?.tool_calls ?? []) {
      if (call.type !== 'function') throw new Error('not a function call');
      expect(JSON.parse(call.function.arguments)).toHaveProperty('unit', 'celsius');
    }
  });

  it('completes a round trip: after a tool result, the same directive answers with text', async () => {
    const first = await client.chat.completions.create({
      ...ask('Weather in Munich? [mock tools=1]'),
      tools: weatherTools,
      tool_choice: 'auto',
      stream: false,
    });
    const call = first.choices[0]?.message.tool_calls?.[0];
    expect(first.choices[0]?.finish_reason).toBe('tool_calls');
    expect(first.choices[0]?.message.content).toBeNull();
    if (call?.type !== 'function') throw new Error('expected a function call');
    expect(JSON.parse(call.function.arguments)).toMatchObject({ city: 'München' });

    const messages: OpenAI.ChatCompletionMessageParam[] = [
      { role: 'user', content: 'Weather in Munich? [mock tools=1]' },
      { role: 'assistant', content: null, tool_calls: [call] },
      { role: 'tool', tool_call_id: call.id, content: '{"celsius":21}' },
    ];
    const request = nextRequest(mock);
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages,
      tools: weatherTools,
      tool_choice: 'auto',
      stream: true,
    });
    const { chunks, text } = await collectChunks(stream);
    expect(text.length).toBeGreaterThan(0);
    expect(chunks.some((chunk) => chunk.choices[0]?.delta.tool_calls)).toBe(false);
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('stop');
    // The request event carries the tools, the call and the result exactly as sent.
    expect((await request).body).toMatchObject({
      messages,
      tools: weatherTools,
      tool_choice: 'auto',
    });
  });

  it('offers get_weather when the request lists no tools, and honours finish=', async () => {
    const stream = await client.chat.completions.create({
      ...ask('Hi [mock tools=1 finish=stop]'),
      stream: true,
    });
    const { chunks } = await collectChunks(stream);
    expect(chunks[1]?.choices[0]?.delta.tool_calls?.[0]?.function?.name).toBe('get_weather');
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('stop');
  });
});

describe('the chunks option', () => {
  const script: MockChunkDelta[] = [
    { reasoning: 'Hm' },
    { content: 'Let me check.' },
    {
      tool_calls: [
        {
          index: 0,
          id: 'call_a',
          type: 'function',
          function: { name: 'get_weather', arguments: '' },
        },
      ],
    },
    { tool_calls: [{ index: 0, function: { arguments: '{"city":"\ud83c' } }] },
    { tool_calls: [{ index: 0, function: { arguments: '\udf0d"}' } }] },
  ];
  let scripted: MockOpenAI;

  beforeAll(async () => {
    scripted = await startMockOpenAI({ tokensPerSecond: 0, chunks: () => script });
  });
  afterAll(() => scripted.close());

  it('streams exactly the scripted deltas after the role chunk, then finish tool_calls', async () => {
    const response = await fetch(`${scripted.url}/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({
        ...ask('anything'),
        stream: true,
        stream_options: { include_usage: true },
      }),
    });
    const frames = (await response.text()).split('\n\n').filter((frame) => frame !== '');
    expect(frames.at(-1)).toBe('data: [DONE]');
    const chunks = frames
      .slice(0, -1)
      .map((frame) => JSON.parse(frame.slice('data: '.length)) as ChatCompletionChunk);
    expect(chunks.slice(1, -2).map((chunk) => chunk.choices[0]?.delta)).toEqual(script);
    expect(chunks.at(-2)?.choices[0]).toEqual({
      index: 0,
      delta: {},
      logprobs: null,
      finish_reason: 'tool_calls',
    });
    expect(chunks.at(-1)?.usage).toMatchObject({
      completion_tokens: 5,
      completion_tokens_details: { reasoning_tokens: 1 },
    });
  });

  it('joins the same deltas into one message without stream', async () => {
    const completion = await createClient(scripted).chat.completions.create({
      ...ask('anything'),
      stream: false,
    });
    expect(completion.choices[0]?.message).toMatchObject({
      role: 'assistant',
      content: 'Let me check.',
      reasoning: 'Hm',
      tool_calls: [
        {
          id: 'call_a',
          type: 'function',
          function: { name: 'get_weather', arguments: '{"city":"🌍"}' },
        },
      ],
    });
    expect(completion.usage?.completion_tokens_details?.reasoning_tokens).toBe(1);
  });

  it('gives way to a directive that shapes the answer', async () => {
    const stream = await createClient(scripted).chat.completions.create({
      ...ask('Hi [mock tokens=2]'),
      stream: true,
    });
    expect((await collectChunks(stream)).text).toBe([...fillerTokens(2)].join(''));
  });
});
