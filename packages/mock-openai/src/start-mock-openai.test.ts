import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultAnswers } from './default-answers.js';
import { startMockOpenAI } from './start-mock-openai.js';
import { nextClose, nextRequest } from './test-support/next-event.js';
import { ask, collectChunks, createClient } from './test-support/openai-client.js';
import type { MockCloseEvent, MockOpenAI } from './types.js';

let mock: MockOpenAI;
let client: OpenAI;

beforeAll(async () => {
  mock = await startMockOpenAI({ tokensPerSecond: 0 });
  client = createClient(mock);
});
afterAll(() => mock.close());

describe('startMockOpenAI', () => {
  it('listens on 127.0.0.1 and exposes a /v1 base URL', () => {
    expect(mock.url).toBe(`http://127.0.0.1:${mock.port}/v1`);
    expect(mock.port).toBeGreaterThan(0);
    expect(mock.server.listening).toBe(true);
  });

  it('streams an answer the SDK reassembles: role chunk, content, finish, no usage by default', async () => {
    const stream = await client.chat.completions.create({ ...ask('Hello there'), stream: true });
    const { chunks, text, contentChunks } = await collectChunks(stream);

    expect(defaultAnswers).toContain(text);
    expect(contentChunks).toBeGreaterThan(50);
    const [first, ...rest] = chunks;
    const last = rest.at(-1);
    expect(first?.choices).toEqual([
      { index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null },
    ]);
    expect(last?.choices).toEqual([{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }]);
    for (const chunk of rest.slice(0, -1)) {
      expect(chunk.choices[0]?.finish_reason).toBeNull();
      expect(chunk.choices[0]?.delta.content?.length).toBeGreaterThan(0);
      expect(chunk.choices[0]?.delta.content?.length).toBeLessThanOrEqual(6);
    }
    for (const chunk of chunks) {
      expect(chunk.id).toMatch(/^chatcmpl-[0-9a-f]{29}$/);
      expect(chunk.id).toBe(first?.id);
      expect(chunk.object).toBe('chat.completion.chunk');
      expect(chunk.model).toBe('gpt-4o-mini');
      expect(chunk.created).toBe(first?.created);
      expect(chunk.system_fingerprint).toMatch(/^fp_/);
      expect(chunk).not.toHaveProperty('usage');
    }
  });

  it('sends the usage chunk (choices: []) only with stream_options.include_usage', async () => {
    const stream = await client.chat.completions.create({
      ...ask('Hello there'),
      stream: true,
      stream_options: { include_usage: true },
    });
    const { chunks, contentChunks } = await collectChunks(stream);
    const usageChunk = chunks.at(-1);
    expect(usageChunk?.choices).toEqual([]);
    expect(usageChunk?.usage?.completion_tokens).toBe(contentChunks);
    expect(usageChunk?.usage?.prompt_tokens).toBeGreaterThan(0);
    expect(usageChunk?.usage?.total_tokens).toBe(
      (usageChunk?.usage?.prompt_tokens ?? 0) + contentChunks,
    );
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe('stop');
    // OpenAI puts "usage": null on every other chunk when usage is requested.
    for (const chunk of chunks.slice(0, -1)) expect(chunk.usage).toBeNull();
  });

  it('speaks SSE on the wire: text/event-stream, data frames, [DONE] last', async () => {
    const response = await fetch(`${mock.url}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...ask('wire'), stream: true }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const body = await response.text();
    expect(body.endsWith('\n\ndata: [DONE]\n\n')).toBe(true);
    const frames = body.split('\n\n').slice(0, -1);
    for (const frame of frames) expect(frame).toMatch(/^data: (?:\{.*\}|\[DONE\])$/);
    expect(frames.filter((frame) => frame === 'data: [DONE]')).toHaveLength(1);
  });

  it('answers a non-streaming request with a chat.completion', async () => {
    const completion = await client.chat.completions.create(ask('Hello there'));
    expect(completion.object).toBe('chat.completion');
    expect(completion.id).toMatch(/^chatcmpl-/);
    expect(completion.choices[0]?.message.role).toBe('assistant');
    expect(defaultAnswers).toContain(completion.choices[0]?.message.content);
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(completion.usage?.completion_tokens).toBeGreaterThan(50);
  });

  it('picks the same answer for the same prompt, with or without a directive', async () => {
    const plain = await client.chat.completions.create(ask('Why do proxies buffer?'));
    const again = await client.chat.completions.create(ask('Why do proxies buffer?'));
    const directed = await client.chat.completions.create(
      ask('Why do proxies buffer? [mock rate=0]'),
    );
    const other = await Promise.all(
      ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((prompt) =>
        client.chat.completions.create(ask(prompt)),
      ),
    );
    const text = plain.choices[0]?.message.content;
    expect(again.choices[0]?.message.content).toBe(text);
    expect(directed.choices[0]?.message.content).toBe(text);
    // Eight prompts over the answer set: a constant picker would give one answer for all.
    const distinct = new Set(other.map((completion) => completion.choices[0]?.message.content));
    expect(distinct.size).toBeGreaterThan(1);
  });

  it('stops at max_tokens with finish_reason "length"', async () => {
    const stream = await client.chat.completions.create({
      ...ask('Hello there'),
      max_tokens: 7,
      stream: true,
    });
    const { chunks, contentChunks } = await collectChunks(stream);
    expect(contentChunks).toBe(7);
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('length');
    const completion = await client.chat.completions.create({
      ...ask('Hello there'),
      max_completion_tokens: 3,
    });
    expect(completion.choices[0]?.finish_reason).toBe('length');
    expect(completion.usage?.completion_tokens).toBe(3);
  });

  it('lists models', async () => {
    const models = await client.models.list();
    expect(models.data.map((model) => model.id)).toContain('gpt-4o-mini');
    expect(models.data[0]).toMatchObject({ object: 'model', owned_by: 'tokenwire' });
  });

  it('answers unknown routes with 404 in OpenAI error shape', async () => {
    const response = await fetch(`${mock.url}/embeddingz`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: {
        message: 'Invalid URL (POST /v1/embeddingz)',
        type: 'invalid_request_error',
        param: null,
        code: null,
      },
    });
  });

  it('answers malformed JSON with 400 in OpenAI error shape', async () => {
    const response = await fetch(`${mock.url}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"model": "gpt-4o-mini", "messages": [',
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: Record<string, unknown> };
    expect(Object.keys(body.error).sort()).toEqual(['code', 'message', 'param', 'type']);
    expect(body.error.type).toBe('invalid_request_error');
    expect(body.error.message).toMatch(/could not parse the JSON body/);
  });

  it('rejects a body without messages as the SDK expects (BadRequestError)', async () => {
    const error = await client.chat.completions
      .create({ model: 'gpt-4o-mini' } as never)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).param).toBe('messages');
  });

  it('uses the tokens option to produce the pieces', async () => {
    const custom = await startMockOpenAI({
      tokensPerSecond: 0,
      tokens: (request) => ['You', ' said', ': ', String(request.messages.at(-1)?.content)],
    });
    try {
      const stream = await createClient(custom).chat.completions.create({
        ...ask('ping'),
        stream: true,
      });
      const { text, contentChunks } = await collectChunks(stream);
      expect(text).toBe('You said: ping');
      expect(contentChunks).toBe(4);
    } finally {
      await custom.close();
    }
  });

  it('paces tokens at tokensPerSecond', async () => {
    const started = performance.now();
    const stream = await client.chat.completions.create({
      ...ask('pace [mock tokens=10 rate=20]'),
      stream: true,
    });
    const { contentChunks } = await collectChunks(stream);
    expect(contentChunks).toBe(10);
    // Token i is due at i / 20 s, so the last (i = 9) cannot arrive before 450 ms.
    expect(performance.now() - started).toBeGreaterThanOrEqual(400);
  });
});

describe('observability', () => {
  it('emits request and close events and counts requests', async () => {
    const before = mock.totalRequests;
    const requested = nextRequest(mock);
    const closed = nextClose(mock);
    const stream = await client.chat.completions.create(
      { ...ask('observe me [mock tokens=5 rate=20]'), stream: true },
      { headers: { 'x-trace': 'abc' } },
    );
    const request = await requested;
    expect(mock.openStreams).toBe(1);
    await collectChunks(stream);
    const close = await closed;

    expect(request.id).toMatch(/^chatcmpl-/);
    expect(request.body).toMatchObject({ stream: true, model: 'gpt-4o-mini' });
    expect(request.headers['x-trace']).toBe('abc');
    expect(close).toMatchObject({ id: request.id, completed: true, tokensSent: 5, status: 200 });
    expect(mock.totalRequests).toBe(before + 1);
    expect(mock.openStreams).toBe(0);
  });

  it('reports completed=false within 100 ms when the client aborts, and stops the stream', async () => {
    const controller = new AbortController();
    const closed = nextClose(mock);
    const stream = await client.chat.completions.create(
      { ...ask('abort me [mock rate=50 tokens=1000]'), stream: true },
      { signal: controller.signal },
    );
    let received = 0;
    let abortedAt = 0;
    for await (const chunk of stream) {
      if (chunk.choices[0]?.delta.content && ++received === 3) {
        abortedAt = performance.now();
        controller.abort();
      }
    }
    const close = await closed;
    expect(close.completed).toBe(false);
    expect(close.at - abortedAt).toBeLessThan(100);
    expect(close.tokensSent).toBeLessThan(20);
    expect(mock.openStreams).toBe(0);
  });

  it('close() destroys open streams and reports them as not completed', async () => {
    const local = await startMockOpenAI({ tokensPerSecond: 10 });
    const closes: MockCloseEvent[] = [];
    local.on('close', (event) => closes.push(event));
    const stream = await createClient(local).chat.completions.create({
      ...ask('never finishes [mock tokens=1000]'),
      stream: true,
    });
    const iterator = stream[Symbol.asyncIterator]();
    await iterator.next();
    await local.close();
    await expect(
      (async () => {
        for (;;) if ((await iterator.next()).done) return 'ended';
      })(),
    ).rejects.toThrow();
    expect(closes).toHaveLength(1);
    expect(closes[0]?.completed).toBe(false);
    expect(local.openStreams).toBe(0);
    expect(local.server.listening).toBe(false);
  });
});

describe('auth', () => {
  let secured: MockOpenAI;
  beforeAll(async () => {
    secured = await startMockOpenAI({ apiKey: 'sk-right-key', tokensPerSecond: 0 });
  });
  afterAll(() => secured.close());

  it('answers a wrong key with 401 AuthenticationError', async () => {
    const error = await createClient(secured, { apiKey: 'sk-wrong-key' })
      .chat.completions.create(ask('hi'))
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(401);
    expect((error as InstanceType<typeof OpenAI.APIError>).code).toBe('invalid_api_key');
  });

  it('answers a missing Authorization header with 401 in OpenAI error shape', async () => {
    const response = await fetch(`${secured.url}/chat/completions`, {
      method: 'POST',
      body: JSON.stringify(ask('hi')),
    });
    expect(response.status).toBe(401);
    const body = (await response.json()) as { error: { type: string; message: string } };
    expect(body.error.type).toBe('invalid_request_error');
    expect(body.error.message).toMatch(/didn't provide an API key/);
    expect((await fetch(`${secured.url}/models`)).status).toBe(401);
  });

  it('serves the right key', async () => {
    const completion = await createClient(secured, {
      apiKey: 'sk-right-key',
    }).chat.completions.create(ask('hi'));
    expect(completion.choices[0]?.message.content?.length).toBeGreaterThan(0);
  });
});
