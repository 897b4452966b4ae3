import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockOpenAI } from './start-mock-openai.js';
import { nextClose } from './test-support/next-event.js';
import {
  ask,
  collectChunks,
  collectUntilError,
  createClient,
} from './test-support/openai-client.js';
import type { MockCloseEvent, MockOpenAI } from './types.js';

let mock: MockOpenAI;
let client: OpenAI;
const closes: MockCloseEvent[] = [];

beforeAll(async () => {
  mock = await startMockOpenAI({ tokensPerSecond: 0 });
  mock.on('close', (event) => closes.push(event));
  client = createClient(mock);
});
afterAll(() => mock.close());

async function expectApiError(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(OpenAI.APIError);
  return error as InstanceType<typeof OpenAI.APIError>;
}

describe('status fault', () => {
  it.each([
    [400, OpenAI.BadRequestError],
    [404, OpenAI.NotFoundError],
    [429, OpenAI.RateLimitError],
    [500, OpenAI.InternalServerError],
    [503, OpenAI.InternalServerError],
  ])('[mock status=%i] makes the SDK throw that status', async (status, ErrorClass) => {
    const error = await expectApiError(
      client.chat.completions.create({ ...ask(`hi [mock status=${status}]`), stream: true }),
    );
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error.status).toBe(status);
    expect(error.error).toMatchObject({ message: expect.any(String), type: expect.any(String) });
  });

  it('sends retry-after: 1 with 429, OpenAI error JSON on the wire', async () => {
    const response = await fetch(`${mock.url}/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ ...ask('[mock status=429]'), stream: true }),
    });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(await response.json()).toEqual({
      error: {
        message: expect.any(String),
        type: 'requests',
        param: null,
        code: 'rate_limit_exceeded',
      },
    });
  });

  it('works from the x-mock-status header and from the server fault option', async () => {
    const error = await expectApiError(
      client.chat.completions.create(ask('hi'), { headers: { 'x-mock-status': '502' } }),
    );
    expect(error.status).toBe(502);

    const failing = await startMockOpenAI({ fault: { status: 500 } });
    try {
      const optionError = await expectApiError(
        createClient(failing).chat.completions.create(ask('hi')),
      );
      expect(optionError.status).toBe(500);
    } finally {
      await failing.close();
    }
  });
});

describe('drop fault', () => {
  it('[mock drop=N] makes the SDK stream error after exactly N tokens', async () => {
    const closed = nextClose(mock);
    const stream = await client.chat.completions.create({
      ...ask('drop me [mock drop=5]'),
      stream: true,
    });
    const { contents, error } = await collectUntilError(stream);
    expect(contents).toHaveLength(5);
    expect(error).toBeInstanceOf(Error);
    expect(await closed).toMatchObject({ completed: false, tokensSent: 5 });
  });

  it('drop=0 cuts the connection right after the role chunk', async () => {
    const stream = await client.chat.completions.create(
      { ...ask('hi'), stream: true },
      { headers: { 'x-mock-drop': '0' } },
    );
    const { contents, error } = await collectUntilError(stream);
    expect(contents).toEqual([]);
    expect(error).toBeInstanceOf(Error);
  });

  it('a paced drop also stops at N tokens', async () => {
    const stream = await client.chat.completions.create({
      ...ask('[mock drop=3 rate=100]'),
      stream: true,
    });
    const { contents, error } = await collectUntilError(stream);
    expect(contents).toHaveLength(3);
    expect(error).toBeInstanceOf(Error);
  });

  it('a non-streaming drop is a connection error', async () => {
    const error = await expectApiError(client.chat.completions.create(ask('[mock drop=2]')));
    expect(error).toBeInstanceOf(OpenAI.APIConnectionError);
  });
});

describe('stall fault', () => {
  it('[mock stall=MS stallAfter=N] goes silent after N tokens, then finishes the answer', async () => {
    const stream = await client.chat.completions.create({
      ...ask('[mock stall=300 stallAfter=2 tokens=6]'),
      stream: true,
    });
    const arrivals: number[] = [];
    for await (const chunk of stream) {
      if (chunk.choices[0]?.delta.content) arrivals.push(performance.now());
    }
    expect(arrivals).toHaveLength(6);
    const gaps = arrivals.slice(1).map((at, index) => at - (arrivals[index] ?? at));
    // The only long gap is between token 2 and token 3.
    expect(gaps[1]).toBeGreaterThanOrEqual(250);
    expect(Math.max(...gaps.filter((_, index) => index !== 1))).toBeLessThan(250);
  });

  it('stall without stallAfter delays the first token', async () => {
    const started = performance.now();
    const stream = await client.chat.completions.create({
      ...ask('[mock stall=250 tokens=2]'),
      stream: true,
    });
    const { contentChunks, chunks } = await collectChunks(stream);
    expect(contentChunks).toBe(2);
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('stop');
    expect(performance.now() - started).toBeGreaterThanOrEqual(200);
  });

  it('a client that aborts during a stall closes the stream at once', async () => {
    const controller = new AbortController();
    const closed = nextClose(mock);
    const stream = await client.chat.completions.create(
      { ...ask('[mock stall=10000 stallAfter=1]'), stream: true },
      { signal: controller.signal },
    );
    let abortedAt = 0;
    for await (const chunk of stream) {
      if (chunk.choices[0]?.delta.content) {
        abortedAt = performance.now();
        controller.abort();
      }
    }
    const close = await closed;
    expect(close).toMatchObject({ completed: false, tokensSent: 1 });
    expect(close.at - abortedAt).toBeLessThan(100);
  });
});

describe('finish and tokens faults', () => {
  it.each(['stop', 'length', 'content_filter', 'tool_calls'] as const)(
    '[mock finish=%s] sends that finish_reason',
    async (reason) => {
      const stream = await client.chat.completions.create({
        ...ask(`[mock finish=${reason} tokens=3]`),
        stream: true,
      });
      const { chunks } = await collectChunks(stream);
      expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe(reason);
      const completion = await client.chat.completions.create(ask(`[mock finish=${reason}]`));
      expect(completion.choices[0]?.finish_reason).toBe(reason);
    },
  );

  it('[mock tokens=N] answers with exactly N deterministic multi-byte tokens', async () => {
    const first = await collectChunks(
      await client.chat.completions.create({ ...ask('one [mock tokens=80]'), stream: true }),
    );
    const second = await collectChunks(
      await client.chat.completions.create({ ...ask('two [mock tokens=80]'), stream: true }),
    );
    expect(first.contentChunks).toBe(80);
    expect(second.text).toBe(first.text);
    expect(first.text).toMatch(/[^\p{ASCII}]/u);
    expect(first.text).toMatch(/\p{Extended_Pictographic}/u);
  });

  it('x-mock-tokens and x-mock-rate headers work too', async () => {
    const stream = await client.chat.completions.create(
      { ...ask('hi'), stream: true },
      { headers: { 'x-mock-tokens': '4', 'x-mock-rate': '1000' } },
    );
    expect((await collectChunks(stream)).contentChunks).toBe(4);
  });
});

describe('once', () => {
  it('applies a once fault only the first time its exact text is seen', async () => {
    const prompt = 'retry me [mock status=503 once id=first]';
    const error = await expectApiError(client.chat.completions.create(ask(prompt)));
    expect(error.status).toBe(503);
    const retried = await client.chat.completions.create(ask(prompt));
    expect(retried.choices[0]?.message.content?.length).toBeGreaterThan(0);

    // Another directive text is a fault of its own.
    const other = await expectApiError(
      client.chat.completions.create(ask('retry me [mock status=503 once id=second]')),
    );
    expect(other.status).toBe(503);
  });

  it('lets the SDK retry transparently after a once status=500', async () => {
    const retrying = createClient(mock, { maxRetries: 1 });
    const before = mock.totalRequests;
    const completion = await retrying.chat.completions.create(
      ask('[mock status=500 once id=sdk-retry]'),
    );
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(mock.totalRequests).toBe(before + 2);
  });

  it('a once drop streams the full answer on the retry', async () => {
    const prompt = 'stream [mock drop=2 once id=stream-retry]';
    const broken = await collectUntilError(
      await client.chat.completions.create({ ...ask(prompt), stream: true }),
    );
    expect(broken.contents).toHaveLength(2);
    expect(broken.error).toBeInstanceOf(Error);
    const whole = await collectChunks(
      await client.chat.completions.create({ ...ask(prompt), stream: true }),
    );
    expect(whole.contentChunks).toBeGreaterThan(2);
    expect(whole.text.startsWith(broken.contents.join(''))).toBe(true);
  });
});

describe('fault sources', () => {
  it('the directive overrides headers, which override the server option', async () => {
    const layered = await startMockOpenAI({
      tokensPerSecond: 0,
      fault: { tokens: 2, finish: 'length' },
    });
    try {
      const layeredClient = createClient(layered);
      const fromOption = await layeredClient.chat.completions.create(ask('hi'));
      expect(fromOption.usage?.completion_tokens).toBe(2);
      expect(fromOption.choices[0]?.finish_reason).toBe('length');

      const fromHeader = await layeredClient.chat.completions.create(ask('hi'), {
        headers: { 'x-mock-tokens': '3' },
      });
      expect(fromHeader.usage?.completion_tokens).toBe(3);
      expect(fromHeader.choices[0]?.finish_reason).toBe('length');

      const fromDirective = await layeredClient.chat.completions.create(
        ask('hi [mock tokens=4 finish=stop]'),
        { headers: { 'x-mock-tokens': '3' } },
      );
      expect(fromDirective.usage?.completion_tokens).toBe(4);
      expect(fromDirective.choices[0]?.finish_reason).toBe('stop');
    } finally {
      await layered.close();
    }
  });

  it('reads the directive from the last user message only, including content parts', async () => {
    const completion = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'user', content: 'earlier [mock status=500]' },
        { role: 'assistant', content: 'ok' },
        { role: 'user', content: [{ type: 'text', text: 'now [mock tokens=3]' }] },
      ],
    });
    expect(completion.usage?.completion_tokens).toBe(3);
  });

  it('rejects an invalid directive with a 400 naming the problem', async () => {
    const error = await expectApiError(client.chat.completions.create(ask('[mock stal=100]')));
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error.message).toMatch(/unknown mock fault key "stal"/);
  });

  it('reports every faulted request as closed', () => {
    expect(closes.length).toBe(mock.totalRequests);
    expect(mock.openStreams).toBe(0);
  });
});
