import type { MockCloseEvent } from '@tokenwire/mock-openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStream } from '../test-support/read-stream.js';
import { startTestStack, type TestStack } from '../test-support/start-test-stack.js';

/** Opens a stream, reads until its first text-delta, aborts, and returns when it aborted. */
async function openAndAbort(stack: TestStack): Promise<number> {
  const controller = new AbortController();
  const response = await stack.ask('Tell me a long story [mock rate=100 tokens=5000]', {
    signal: controller.signal,
  });
  expect(response.status).toBe(200);
  let abortedAt = 0;
  await readStream(response, {
    onEvent: (event) => {
      if (event.type !== 'text-delta') return false;
      abortedAt = performance.now();
      controller.abort();
      return true;
    },
  }).catch((error: unknown) => {
    if (!(error instanceof Error && error.name === 'AbortError')) throw error;
  });
  return abortedAt;
}

function countResources(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const type of process.getActiveResourcesInfo())
    counts.set(type, (counts.get(type) ?? 0) + 1);
  return counts;
}

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs: number) {
  const deadline = performance.now() + timeoutMs;
  while (!(await condition()) && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('cancellation', () => {
  let stack: TestStack;
  const connections = () =>
    new Promise<number>((resolve, reject) =>
      stack.api.server.getConnections((error, count) => (error ? reject(error) : resolve(count))),
    );

  beforeAll(async () => {
    // RESUME_GRACE_MS=0: a client that goes away is a Stop, as without resume.
    stack = await startTestStack({ env: { HEARTBEAT_MS: '1000', RESUME_GRACE_MS: '0' } });
  });
  afterAll(() => stack.close());

  it('aborts the upstream request within 100 ms of the client aborting, 20 times out of 20', async () => {
    const delays: number[] = [];
    for (let attempt = 0; attempt < 20; attempt++) {
      const closed = new Promise<MockCloseEvent>((resolve) => {
        stack.mock.on('close', function onClose(event) {
          stack.mock.off('close', onClose);
          resolve(event);
        });
      });
      const abortedAt = await openAndAbort(stack);
      const event = await closed;
      expect(event.completed).toBe(false);
      delays.push(event.at - abortedAt);
    }
    expect(delays).toHaveLength(20);
    for (const delay of delays) expect(delay).toBeLessThan(100);
    const line = stack.logs.findLast((entry) => entry.msg === 'request');
    expect(line).toMatchObject({ aborted: true, abortReason: 'client_closed', status: 200 });
  });

  it('leaves no timers, sockets or listeners behind after 1,000 aborted streams', async () => {
    // Warm up, then let every socket of the warm-up close, so the baseline is a quiet server.
    for (let index = 0; index < 5; index++) await openAndAbort(stack);
    await waitFor(
      () => stack.mock.openStreams === 0 && stack.api.state.activeChats.size === 0,
      2000,
    );
    const baseline = {
      resources: countResources(),
      connections: await connections(),
      serverListeners: stack.api.server
        .eventNames()
        .map((name) => stack.api.server.listenerCount(name)),
      processListeners: process.eventNames().map((name) => process.listenerCount(name)),
    };

    const total = 1000;
    const concurrency = 50;
    let started = 0;
    let aborted = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (started < total) {
          started++;
          await openAndAbort(stack);
          aborted++;
        }
      }),
    );
    expect(aborted).toBe(total);

    // The test's own keep-alive sockets (50, one per concurrent caller) close when idle, a few
    // seconds after the burst, and each end is a socket of this process: the server's count can
    // drop a turn before the client's handle is gone. Wait for the sockets too, then count.
    const isBackToBaseline = (type: string) =>
      (countResources().get(type) ?? 0) <= (baseline.resources.get(type) ?? 0);
    await waitFor(
      async () =>
        stack.mock.openStreams === 0 &&
        stack.api.state.activeChats.size === 0 &&
        (await connections()) <= baseline.connections &&
        isBackToBaseline('Timeout') &&
        isBackToBaseline('TCPSocketWrap'),
      10_000,
    );
    expect(stack.mock.openStreams).toBe(0);
    expect(stack.api.state.activeChats.size).toBe(0);
    // The test's own fetch pool may hold a connection it opened and never used; none are ours.
    expect(await connections()).toBeLessThanOrEqual(baseline.connections);
    const after = countResources();
    for (const type of ['Timeout', 'TCPSocketWrap', 'Immediate']) {
      expect(after.get(type) ?? 0, type).toBeLessThanOrEqual(baseline.resources.get(type) ?? 0);
    }
    expect(
      stack.api.server.eventNames().map((name) => stack.api.server.listenerCount(name)),
    ).toEqual(baseline.serverListeners);
    expect(process.eventNames().map((name) => process.listenerCount(name))).toEqual(
      baseline.processListeners,
    );
    const lines = stack.logs.filter((entry) => entry.msg === 'request' && entry.aborted === true);
    expect(lines.length).toBeGreaterThanOrEqual(total);
  }, 120_000);
});
