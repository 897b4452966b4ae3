import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStream } from '../test-support/read-stream.js';
import { startTestStack, TEST_API_KEY, type TestStack } from '../test-support/start-test-stack.js';

const SECRET_PROMPT = 'my-private-question-4242';

describe('request logs', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(() => stack.close());

  const requestLines = () => stack.logs.filter((line) => line.msg === 'request');

  it('writes one JSON line per chat with status, duration, ttft, tokens and finish reason', async () => {
    const before = requestLines().length;
    const stream = await readStream(await stack.ask(`${SECRET_PROMPT} [mock tokens=6]`));
    expect(stream.last).toMatchObject({ type: 'finish' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const lines = requestLines().slice(before);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 30,
      method: 'POST',
      path: '/api/chat',
      status: 200,
      durationMs: expect.any(Number),
      ttftMs: expect.any(Number),
      tokens: 6,
      finishReason: 'stop',
      aborted: false,
      generationId: (stream.events[0]?.event as { id?: string } | undefined)?.id,
      usage: { promptTokens: expect.any(Number), completionTokens: 6 },
    });
  });

  it('logs errors with their code and health checks too', async () => {
    const before = requestLines().length;
    await (await stack.ask('x [mock status=401]')).arrayBuffer();
    await (await fetch(`${stack.api.url}/api/health`)).arrayBuffer();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const lines = requestLines().slice(before);
    expect(lines).toEqual([
      expect.objectContaining({ status: 502, errorCode: 'upstream_auth', aborted: false }),
      expect.objectContaining({ method: 'GET', path: '/api/health', status: 200 }),
    ]);
  });

  it('never logs the key or, by default, message contents', () => {
    const everything = JSON.stringify(stack.logs);
    expect(everything).not.toContain(TEST_API_KEY);
    expect(everything).not.toContain(SECRET_PROMPT);
    expect(everything).not.toContain('"messages"');
  });
});

describe('request logs with LOG_CONTENT=1', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ env: { LOG_CONTENT: '1' } });
  });
  afterAll(() => stack.close());

  it('adds the messages and the answer, still never the key', async () => {
    const stream = await readStream(await stack.ask(`${SECRET_PROMPT} [mock tokens=5]`));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const line = stack.logs.findLast((entry) => entry.msg === 'request');
    expect(line?.messages).toEqual([{ role: 'user', content: `${SECRET_PROMPT} [mock tokens=5]` }]);
    expect(line?.answer).toBe(stream.text);
    expect(JSON.stringify(stack.logs)).not.toContain(TEST_API_KEY);
  });
});
