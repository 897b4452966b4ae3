import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStream } from '../test-support/read-stream.js';
import { startTestStack, type TestStack } from '../test-support/start-test-stack.js';

describe('heartbeats', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ env: { HEARTBEAT_MS: '150', UPSTREAM_TIMEOUT_MS: '5000' } });
  });
  afterAll(() => stack.close());

  it('sends one heartbeat as soon as the stream opens, before any event', async () => {
    const response = await stack.ask('Hi [mock tokens=3]');
    const stream = await readStream(response);
    expect(stream.raw.startsWith(': ping\n\nid: 0\n')).toBe(true);
    // The answer took far less than HEARTBEAT_MS: no other heartbeat.
    expect(stream.comments.map((comment) => comment.text)).toEqual(['ping']);
    expect(stream.last).toMatchObject({ type: 'finish' });
  });

  it('sends a heartbeat after every HEARTBEAT_MS of silence, and none while tokens flow', async () => {
    const response = await stack.ask('Hi [mock stall=800 stallAfter=2 tokens=4]');
    const stream = await readStream(response);
    expect(stream.last).toMatchObject({ type: 'finish', reason: 'stop' });
    const [opening, ...during] = stream.comments;
    expect(opening).toBeDefined();
    // 800 ms of silence at 150 ms: about five beats; at least three proves the repetition.
    expect(during.length).toBeGreaterThanOrEqual(3);
    expect(during.length).toBeLessThanOrEqual(6);
    const secondDelta = stream.events.filter((entry) => entry.event.type === 'text-delta')[1];
    const thirdDelta = stream.events.filter((entry) => entry.event.type === 'text-delta')[2];
    for (const beat of during) {
      // Every later beat falls inside the stall, after the second token and before the third.
      expect(beat.at).toBeGreaterThan(secondDelta?.at ?? Number.POSITIVE_INFINITY);
      expect(beat.at).toBeLessThan(thirdDelta?.at ?? 0);
    }
    for (let index = 1; index < during.length; index++) {
      const gap = (during[index]?.at ?? 0) - (during[index - 1]?.at ?? 0);
      expect(gap).toBeGreaterThan(75);
    }
  });
});
