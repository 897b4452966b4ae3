import { createEventDecoder, type TokenwireEvent } from '@tokenwire/protocol';
import { type RunningRedis, startRedis } from '@tokenwire/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../test-support/start-test-stack.js';

interface Seen {
  seq: number;
  event: TokenwireEvent;
}

/** Reads a protocol body; with `count`, cancels it (a dropped connection) after that many events. */
async function readEvents(response: Response, count = Number.POSITIVE_INFINITY): Promise<Seen[]> {
  const seen: Seen[] = [];
  const decoder = createEventDecoder({
    onEvent: (event, seq) => seen.push({ seq: seq ?? -1, event }),
  });
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  while (seen.length < count) {
    const { done, value } = await reader.read();
    if (done) break;
    decoder.push(value);
  }
  await reader.cancel();
  return seen.slice(0, count);
}

const comparable = (seen: Seen[]) =>
  seen.map(({ seq, event }) => ({
    seq,
    event: event.type === 'start' ? { ...event, id: 'gen' } : event,
  }));

const closedUpstream = (stack: TestStack) =>
  new Promise<number>((resolve) =>
    stack.mock.on('close', function onClose(event) {
      if (event.completed) return;
      stack.mock.off('close', onClose);
      resolve(performance.now());
    }),
  );

/** The generation id from a stream's `start` event. */
function idOf(seen: Seen[]): string {
  const start = seen[0]?.event;
  if (start?.type !== 'start') throw new Error('the stream did not begin with start');
  return start.id;
}

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

let redis: RunningRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(() => redis.stop());

describe.each([
  { store: 'memory', replicas: 1 },
  { store: 'Redis', replicas: 2 },
])('resume through the API ($store)', ({ store, replicas }) => {
  let owner: TestStack;
  let other: TestStack;

  beforeAll(async () => {
    const env = { RESUME_GRACE_MS: '5000', ...(store === 'Redis' ? { REDIS_URL: redis.url } : {}) };
    owner = await startTestStack({ env });
    // The second replica has its own upstream; Redis is what they share.
    other = replicas === 2 ? await startTestStack({ env }) : owner;
  });
  afterAll(async () => {
    await owner.close();
    if (other !== owner) await other.close();
  });

  const resume = (id: string, lastEventId?: number, via: 'header' | 'query' = 'header') =>
    fetch(
      `${other.api.url}/api/chat/${id}${via === 'query' && lastEventId !== undefined ? `?lastEventId=${lastEventId}` : ''}`,
      {
        headers:
          via === 'header' && lastEventId !== undefined
            ? { 'Last-Event-ID': String(lastEventId) }
            : {},
      },
    );

  it('continues exactly after a cut at every event of a 64-event answer', async () => {
    const prompt = 'Tell me [mock tokens=62 rate=2000]';
    const uncut = comparable(await readEvents(await owner.ask(prompt)));
    expect(uncut).toHaveLength(64);
    for (let cut = 1; cut <= uncut.length; cut += 1) {
      const first = await owner.ask(prompt);
      const before = await readEvents(first, cut);
      const id = idOf(before);
      const last = before.at(-1)?.seq ?? -1;
      const response = await resume(id, last, cut % 2 === 0 ? 'header' : 'query');
      expect(response.status, `cut after ${cut}`).toBe(200);
      const after = await readEvents(response);
      expect(comparable([...before, ...after]), `cut after ${cut}`).toEqual(uncut);
    }
  }, 120_000);

  it('replays from seq 0 without a last id, and a finished answer to its end', async () => {
    const events = await readEvents(await owner.ask('Hi [mock tokens=5]'));
    const id = idOf(events);
    const replay = await readEvents(await resume(id));
    expect(replay).toEqual(events);
  });

  it('answers 404 for an unknown id, 410 past the buffer, 400 for a bad Last-Event-ID', async () => {
    const unknown = await resume('gen_0123456789abcdef0123456789abcdef');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: 'generation_not_found' } });
    const events = await readEvents(await owner.ask('Hi [mock tokens=5]'));
    const id = idOf(events);
    const beyond = await resume(id, 500);
    expect(beyond.status).toBe(410);
    expect(await beyond.json()).toMatchObject({ error: { code: 'resume_gap' } });
    const bad = await fetch(`${other.api.url}/api/chat/${id}`, {
      headers: { 'Last-Event-ID': 'x1' },
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'invalid_request' } });
  });

  it('stops through POST /api/chat/:id/stop within 100 ms, on any replica, idempotently', async () => {
    const closed = closedUpstream(owner);
    const { id, rest } = await startReading(await owner.ask('Long [mock tokens=5000 rate=50]'));
    await sleep(100);
    const stoppedAt = performance.now();
    const stop = await fetch(`${other.api.url}/api/chat/${id}/stop`, { method: 'POST' });
    expect(stop.status).toBe(200);
    expect(await stop.json()).toMatchObject({ id });
    expect((await closed) - stoppedAt).toBeLessThan(100);
    expect((await rest).at(-1)?.event).toEqual({ type: 'finish', reason: 'abort' });
    const again = await fetch(`${other.api.url}/api/chat/${id}/stop`, { method: 'POST' });
    expect(again.status).toBe(200);
    const unknown = await fetch(
      `${other.api.url}/api/chat/gen_00000000000000000000000000000000/stop`,
      {
        method: 'POST',
      },
    );
    expect(unknown.status).toBe(404);
  });

  it('keeps a dropped answer running for RESUME_GRACE_MS, not a Stop', async () => {
    const { id, cancel } = await startReading(await owner.ask('Long [mock tokens=5000 rate=50]'));
    await cancel();
    await sleep(300);
    // Still running: a resume gets the live tail.
    const response = await resume(id, 0);
    expect(response.status).toBe(200);
    const tail = await readEvents(response, 3);
    expect(tail[0]?.seq).toBe(1);
    await fetch(`${owner.api.url}/api/chat/${id}/stop`, { method: 'POST' });
  });
});

describe('a drop without resume', () => {
  it('aborts the upstream after RESUME_GRACE_MS, not before', async () => {
    const stack = await startTestStack({ env: { RESUME_GRACE_MS: '500' } });
    try {
      const closed = closedUpstream(stack);
      const { cancel } = await startReading(await stack.ask('Long [mock tokens=5000 rate=50]'));
      await cancel();
      const droppedAt = performance.now();
      const abortedAt = await closed;
      expect(abortedAt - droppedAt).toBeGreaterThanOrEqual(450);
      expect(abortedAt - droppedAt).toBeLessThan(3_000);
    } finally {
      await stack.close();
    }
  });
});

describe('RESUME_ENDED_BYTES', () => {
  it('at 0 keeps no ended answer (404), while a running one still resumes', async () => {
    const stack = await startTestStack({
      env: { RESUME_ENDED_BYTES: '0', RESUME_GRACE_MS: '5000' },
    });
    try {
      const url = (id: string) => `${stack.api.url}/api/chat/${id}`;
      const ended = idOf(await readEvents(await stack.ask('Hi [mock tokens=5]')));
      const gone = await fetch(url(ended));
      expect(gone.status).toBe(404);
      expect(await gone.json()).toMatchObject({ error: { code: 'generation_not_found' } });

      const { id, cancel } = await startReading(await stack.ask('Long [mock tokens=5000 rate=50]'));
      await cancel();
      const running = await fetch(url(id), { headers: { 'Last-Event-ID': '0' } });
      expect(running.status).toBe(200);
      expect((await readEvents(running, 2))[0]?.seq).toBe(1);
      await fetch(`${url(id)}/stop`, { method: 'POST' });
    } finally {
      await stack.close();
    }
  });
});

/** Reads a stream in the background: its id once `start` arrived, the rest when it ends. */
async function startReading(response: Response) {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const seen: Seen[] = [];
  let onStart: (id: string) => void = () => {};
  const started = new Promise<string>((resolve) => {
    onStart = resolve;
  });
  const decoder = createEventDecoder({
    onEvent: (event, seq) => {
      seen.push({ seq: seq ?? -1, event });
      if (event.type === 'start') onStart(event.id);
    },
  });
  const rest = (async () => {
    for (;;) {
      const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
      if (done || value === undefined) return seen;
      decoder.push(value);
    }
  })();
  return { id: await started, rest, cancel: () => reader.cancel() };
}
