import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStream } from '../test-support/read-stream.js';
import { startTestStack, type TestStack } from '../test-support/start-test-stack.js';

describe('errors after the first byte', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ env: { UPSTREAM_TIMEOUT_MS: '400' } });
  });
  afterAll(() => stack.close());

  it('turns an upstream that drops mid-answer into the partial text, then an error event', async () => {
    const response = await stack.ask('Tell me a story [mock drop=5]');
    expect(response.status).toBe(200);
    const stream = await readStream(response);
    const types = stream.events.map((entry) => entry.event.type);
    expect(types).toEqual(['start', ...Array(5).fill('text-delta'), 'error']);
    expect(stream.last).toMatchObject({
      type: 'error',
      code: 'upstream_unavailable',
      retryable: true,
    });
    expect(stream.text.length).toBeGreaterThan(0);
  });

  it('ends a stream whose upstream goes silent for UPSTREAM_TIMEOUT_MS with an error event', async () => {
    const response = await stack.ask('Tell me a story [mock stall=5000 stallAfter=3]');
    expect(response.status).toBe(200);
    const stream = await readStream(response);
    expect(stream.events.filter((entry) => entry.event.type === 'text-delta')).toHaveLength(3);
    expect(stream.last).toMatchObject({
      type: 'error',
      code: 'upstream_unavailable',
      retryable: true,
    });
  });

  it('rides out an upstream pause shorter than UPSTREAM_TIMEOUT_MS', async () => {
    const response = await stack.ask('Tell me a story [mock stall=200 stallAfter=2 tokens=6]');
    const stream = await readStream(response);
    expect(stream.last).toMatchObject({ type: 'finish', reason: 'stop' });
    expect(stream.events.filter((entry) => entry.event.type === 'text-delta')).toHaveLength(6);
  });

  it('keeps the upstream socket out of the way: the mock sees every dropped or timed-out request closed', async () => {
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stack.mock.openStreams).toBe(0);
  });
});
