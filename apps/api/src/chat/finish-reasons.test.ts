import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStream } from '../test-support/read-stream.js';
import { startTestStack, type TestStack } from '../test-support/start-test-stack.js';

describe('finish reasons and usage', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(() => stack.close());

  it.each(['stop', 'length', 'content_filter', 'tool_calls'] as const)(
    'passes finish reason %s through',
    async (reason) => {
      const response = await stack.ask(`Hello [mock tokens=4 finish=${reason}]`);
      const stream = await readStream(response);
      expect(stream.last).toMatchObject({ type: 'finish', reason });
    },
  );

  it('asks for usage (stream_options.include_usage) and passes it through', async () => {
    const requests: unknown[] = [];
    const onRequest = (event: { body: unknown }) => requests.push(event.body);
    stack.mock.on('request', onRequest);
    const response = await stack.ask('Hello [mock tokens=7]');
    const stream = await readStream(response);
    stack.mock.off('request', onRequest);
    expect(requests[0]).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    expect(stream.last).toEqual({
      type: 'finish',
      reason: 'stop',
      usage: { promptTokens: expect.any(Number), completionTokens: 7 },
    });
  });

  it('passes model, temperature and max_tokens to the upstream, and a natural length finish back', async () => {
    const requests: unknown[] = [];
    const onRequest = (event: { body: unknown }) => requests.push(event.body);
    stack.mock.on('request', onRequest);
    const response = await stack.chat({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hello' },
      ],
      model: 'my-model',
      temperature: 0.2,
      max_tokens: 3,
    });
    const stream = await readStream(response);
    stack.mock.off('request', onRequest);
    expect(requests[0]).toMatchObject({ model: 'my-model', temperature: 0.2, max_tokens: 3 });
    expect(stream.events[0]?.event).toMatchObject({ type: 'start', model: 'my-model' });
    expect(stream.last).toMatchObject({ type: 'finish', reason: 'length' });
    expect(stream.events).toHaveLength(5);
  });

  it('delivers the upstream text exactly, multi-byte characters included', async () => {
    const pieces = [
      'Héllo',
      ' wörld',
      ' 👋🏽',
      ' \n```ts\nconst a = "\\n";\n```',
      ' 日本語',
      ' <br />',
    ];
    const local = await startTestStack({ mock: { tokens: () => pieces } });
    try {
      const stream = await readStream(await local.ask('anything'));
      expect(
        stream.events.filter((e) => e.event.type === 'text-delta').map((e) => e.event),
      ).toEqual(pieces.map((delta) => ({ type: 'text-delta', delta })));
      expect(stream.text).toBe(pieces.join(''));
    } finally {
      await local.close();
    }
  });
});
