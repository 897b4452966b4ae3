import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { EventSource } from 'eventsource';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../test-support/start-test-stack.js';

describe('EventSource on GET /api/chat/:id', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ env: { RESUME_GRACE_MS: '10000' } });
  });
  afterAll(() => stack.close());

  it('reconnects by itself after a cut, sending Last-Event-ID, and gets every event exactly once', async () => {
    // The answer, uncut, for comparison.
    const uncut = await stack.ask('Tell me [mock tokens=40 rate=25]');
    const reference = (await uncut.text())
      .split('\n\n')
      .filter((frame) => frame.startsWith('id: '))
      .map(
        (frame) =>
          JSON.parse(frame.slice(frame.indexOf('data: ') + 6)) as { type: string; delta?: string },
      )
      .filter((event) => event.type !== 'start');

    const started = await stack.ask('Tell me [mock tokens=40 rate=25]');
    const reader = (started.body as ReadableStream<Uint8Array>).getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    const id = /"id":"(gen_[0-9a-f]+)"/.exec(first)?.[1] ?? '';
    expect(id).toMatch(/^gen_[0-9a-f]{32}$/);
    await reader.cancel();

    const received: Array<{ seq: number; event: { type: string; delta?: string } }> = [];
    const lastEventIds: Array<string | undefined> = [];
    let eventSourceSocket: Socket | undefined;
    stack.api.server.on('request', (request: IncomingMessage) => {
      if (request.url?.startsWith(`/api/chat/${id}`)) {
        lastEventIds.push(request.headers['last-event-id'] as string | undefined);
        eventSourceSocket = request.socket;
      }
    });
    const source = new EventSource(`${stack.api.url}/api/chat/${id}`);
    let isCut = false;
    const done = new Promise<void>((resolve, reject) => {
      source.onmessage = (message) => {
        const event = JSON.parse(message.data) as { type: string; delta?: string };
        received.push({ seq: Number(message.lastEventId), event });
        if (!isCut && received.length === 8) {
          isCut = true;
          // Cut the EventSource's connection from the server's side, as a proxy restart would.
          eventSourceSocket?.destroy();
        }
        if (event.type === 'finish' || event.type === 'error') {
          source.close();
          resolve();
        }
      };
      setTimeout(() => reject(new Error('no finish within 20 s')), 20_000);
    });
    await done;
    expect(lastEventIds[0]).toBeUndefined();
    // The reconnect named the last event it had.
    expect(lastEventIds.length).toBeGreaterThanOrEqual(2);
    expect(Number(lastEventIds[1])).toBe(received[7]?.seq);
    const seqs = received.map((entry) => entry.seq);
    expect(seqs).toEqual(seqs.map((_, index) => index));
    expect(received.map((entry) => entry.event).filter((event) => event.type !== 'start')).toEqual(
      reference,
    );
  }, 30_000);
});
