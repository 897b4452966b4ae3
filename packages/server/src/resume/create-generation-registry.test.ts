import { type MockOpenAI, startMockOpenAI } from '@tokenwire/mock-openai';
import { encodeEvent, type TokenwireEvent } from '@tokenwire/protocol';
import { type RunningRedis, startRedis } from '@tokenwire/testing';
import fc from 'fast-check';
import { Redis } from 'ioredis';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisGenerationStore } from '../redis/create-redis-generation-store.js';
import type { CompletionStream } from '../stream-completion.js';
import { StreamError } from '../stream-error.js';
import {
  createGenerationRegistry,
  ENDED_ENTRY_BYTES,
  type GenerationRegistry,
} from './create-generation-registry.js';

/** Reads a stream's events; with `count`, stops (detaches) after that many. */
async function read(stream: CompletionStream, count = Number.POSITIVE_INFINITY) {
  const events: TokenwireEvent[] = [];
  if (count === 0) return events;
  for await (const event of stream.events) {
    events.push(event);
    if (events.length >= count) break;
  }
  return events;
}

/** The events as they can be compared across generations: ids differ, nothing else may. */
const comparable = (events: TokenwireEvent[]) =>
  events.map((event) => (event.type === 'start' ? { ...event, id: 'gen' } : event));

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

async function inBatches<Item>(items: Item[], size: number, run: (item: Item) => Promise<void>) {
  for (let index = 0; index < items.length; index += size) {
    await Promise.all(items.slice(index, index + size).map(run));
  }
}

interface Replicas {
  /** Where generations start. */
  owner: GenerationRegistry;
  /** Where resumes and stops land: the same registry (memory) or another replica (Redis). */
  other: GenerationRegistry;
  close(): Promise<void>;
}

/** A client whose errors go to the commands that fail, not to an unhandled 'error' event. */
function connect(): Redis {
  const connection = new Redis(redis.url);
  connection.on('error', () => {});
  return connection;
}

let mock: MockOpenAI;
let client: OpenAI;
let redis: RunningRedis;

beforeAll(async () => {
  mock = await startMockOpenAI({ tokensPerSecond: 0 });
  client = new OpenAI({ baseURL: mock.url, apiKey: 'k', maxRetries: 0 });
  redis = await startRedis();
});
afterAll(async () => {
  await mock.close();
  await redis.stop();
});

const stores: Array<{ name: string; create: (graceMs?: number) => Replicas }> = [
  {
    name: 'the memory store',
    create: (graceMs = 5_000) => {
      const registry = createGenerationRegistry({ graceMs });
      return { owner: registry, other: registry, close: () => registry.close() };
    },
  },
  {
    name: 'Redis, resumed on another replica',
    create: (graceMs = 5_000) => {
      const clients = [connect(), connect()];
      const [owner, other] = clients.map((connection) =>
        createGenerationRegistry({
          graceMs,
          shared: createRedisGenerationStore({ redis: connection, leaseMs: 600 }),
        }),
      ) as [GenerationRegistry, GenerationRegistry];
      return {
        owner,
        other,
        async close() {
          await owner.close();
          await other.close();
          for (const connection of clients) connection.disconnect();
        },
      };
    },
  },
];

const ask = (registry: GenerationRegistry, directive: string, owner?: string) =>
  registry.streamCompletion({
    client,
    params: { model: 'm', messages: [{ role: 'user', content: `Hi [mock ${directive}]` }] },
    owner,
  });

describe.each(stores)('resume with $name', ({ create }) => {
  it('is exact at every cut point of a 72-event answer: 0 lost, 0 duplicated, same end', async () => {
    const replicas = create();
    try {
      const directive = 'tokens=70 rate=1500';
      const uncut = comparable(await read(ask(replicas.owner, directive)));
      expect(uncut).toHaveLength(72);
      const cuts = Array.from({ length: uncut.length }, (_, index) => index + 1);
      await inBatches(cuts, 12, async (cut) => {
        const stream = ask(replicas.owner, directive);
        const before = await read(stream, cut);
        const resumed = await replicas.other.resume(stream.id, { lastEventId: cut - 1 });
        if (resumed instanceof StreamError) throw resumed;
        const after = await read(resumed);
        expect(comparable([...before, ...after]), `cut after event ${cut}`).toEqual(uncut);
      });
    } finally {
      await replicas.close();
    }
  }, 60_000);

  it('holds for 1,000 generations with random cuts, resume delays and concurrent readers', async () => {
    const replicas = create();
    try {
      const directive = 'tokens=24 rate=2000';
      const uncut = comparable(await read(ask(replicas.owner, directive)));
      const scenario = fc.record({
        readers: fc.array(
          fc.record({
            cuts: fc.uniqueArray(fc.integer({ min: 1, max: uncut.length - 1 }), { maxLength: 3 }),
            delays: fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 3, maxLength: 3 }),
          }),
          { minLength: 1, maxLength: 3 },
        ),
      });
      const scenarios = fc.sample(scenario, { numRuns: 1000, seed: 20261204 });
      await inBatches(scenarios, 50, async ({ readers }) => {
        const stream = ask(replicas.owner, directive);
        const readWithCuts = async (
          first: () => Promise<CompletionStream>,
          cuts: number[],
          delays: number[],
        ) => {
          const events: TokenwireEvent[] = [];
          let source = await first();
          for (const [index, cut] of [...cuts].sort((a, b) => a - b).entries()) {
            events.push(...(await read(source, cut - events.length)));
            await sleep(delays[index] ?? 0);
            const resumed = await replicas.other.resume(stream.id, {
              lastEventId: events.length - 1,
            });
            if (resumed instanceof StreamError) throw resumed;
            source = resumed;
          }
          events.push(...(await read(source)));
          return comparable(events);
        };
        const results = await Promise.all(
          readers.map(({ cuts, delays }, index) =>
            readWithCuts(
              async () => {
                if (index === 0) return stream;
                const attached = await replicas.other.resume(stream.id);
                if (attached instanceof StreamError) throw attached;
                return attached;
              },
              cuts,
              delays,
            ),
          ),
        );
        for (const result of results) expect(result).toEqual(uncut);
      });
    } finally {
      await replicas.close();
    }
  }, 120_000);

  it('replays an ended generation to its terminal event, and answers 404 and 410', async () => {
    const replicas = create();
    try {
      const stream = ask(replicas.owner, 'tokens=5');
      const events = await read(stream);
      const replay = await replicas.other.resume(stream.id);
      if (replay instanceof StreamError) throw replay;
      expect(comparable(await read(replay))).toEqual(comparable(events));
      const tail = await replicas.other.resume(stream.id, { lastEventId: 5 });
      if (tail instanceof StreamError) throw tail;
      expect(await read(tail)).toEqual(events.slice(6));

      expect(await replicas.other.resume('gen_00000000000000000000000000000000')).toMatchObject({
        status: 404,
        code: 'generation_not_found',
      });
      // Claims events the generation never produced.
      expect(await replicas.other.resume(stream.id, { lastEventId: 99 })).toMatchObject({
        status: 410,
        code: 'resume_gap',
      });
    } finally {
      await replicas.close();
    }
  });

  it('answers another owner with 404 for resume and stop', async () => {
    const replicas = create();
    try {
      const stream = ask(replicas.owner, 'tokens=5', 'alice');
      await read(stream);
      expect(await replicas.other.resume(stream.id, { owner: 'bob' })).toMatchObject({
        status: 404,
      });
      expect(await replicas.other.resume(stream.id)).toMatchObject({ status: 404 });
      expect(await replicas.other.stop(stream.id, { owner: 'bob' })).toMatchObject({ status: 404 });
      const mine = await replicas.other.resume(stream.id, { owner: 'alice' });
      expect(mine).not.toBeInstanceOf(StreamError);
      if (!(mine instanceof StreamError)) await read(mine);
    } finally {
      await replicas.close();
    }
  });

  it('stop reaches the upstream within 100 ms, readers get finish(abort), and a second stop is a 200', async () => {
    const replicas = create();
    try {
      const stream = ask(replicas.owner, 'tokens=500 rate=40');
      const closed = new Promise<number>((resolve) =>
        mock.on('close', function onClose(event) {
          if (event.completed) return;
          mock.off('close', onClose);
          resolve(performance.now());
        }),
      );
      const reading = read(stream);
      await sleep(150);
      const stoppedAt = performance.now();
      const result = await replicas.other.stop(stream.id);
      expect(result).not.toBeInstanceOf(StreamError);
      expect((await closed) - stoppedAt).toBeLessThan(100);
      expect((await reading).at(-1)).toEqual({ type: 'finish', reason: 'abort' });
      expect(await replicas.other.stop(stream.id)).toMatchObject({ id: stream.id });
    } finally {
      await replicas.close();
    }
  });

  it('a stop before the upstream answers still ends the stream with finish(abort)', async () => {
    const replicas = create();
    try {
      const stream = ask(replicas.owner, 'tokens=5');
      expect(await replicas.owner.stop(stream.id)).toMatchObject({ id: stream.id });
      const events = await read(stream);
      expect(events.at(-1)).toEqual({ type: 'finish', reason: 'abort' });
    } finally {
      await replicas.close();
    }
  });
});

describe('forgetting', () => {
  it("resumes an ended answer with its figures, as its request's log reads them", async () => {
    const registry = createGenerationRegistry({ graceMs: 5_000 });
    try {
      const stream = ask(registry, 'tokens=5');
      await read(stream);
      const stopped = ask(registry, 'tokens=500 rate=50');
      await read(stopped, 3);
      await registry.stop(stopped.id);
      for (const original of [stream, stopped]) {
        const replay = await registry.resume(original.id, { lastEventId: 1 });
        if (replay instanceof StreamError) throw replay;
        const figures = (from: CompletionStream) => ({
          model: from.model,
          state: from.state,
          abortReason: from.abortReason,
          finishReason: from.finishReason,
          usage: from.usage,
          deltaCount: from.deltaCount,
          firstDeltaAt: from.firstDeltaAt,
        });
        expect(figures(replay)).toEqual(figures(original));
        expect(replay.state).toBe('finished');
        await read(replay);
      }
      expect(stream.deltaCount).toBe(5);
      expect(stopped.abortReason).toBe('stopped');
    } finally {
      await registry.close();
    }
  });

  it('forgets a generation stopped before its first byte, and every ended one, after ttlMs', async () => {
    const registry = createGenerationRegistry({ graceMs: 0, ttlMs: 200 });
    try {
      const stopped = ask(registry, 'tokens=5');
      await registry.stop(stopped.id);
      const finished = ask(registry, 'tokens=5');
      await read(finished);
      expect(registry.size).toBe(2);
      await sleep(400);
      expect(registry.size).toBe(0);
      expect(await registry.resume(finished.id)).toMatchObject({ status: 404 });
    } finally {
      await registry.close();
    }
  });
});

describe('the ended answers kept (endedBytes)', () => {
  /** What an ended answer counts: each of its events encoded at its seq, and the rest it holds. */
  const keptBytes = (events: TokenwireEvent[]) =>
    events.reduce(
      (total, event, seq) => total + Buffer.byteLength(encodeEvent(event, seq)),
      ENDED_ENTRY_BYTES,
    );

  it('forgets the answers that ended first once the bytes kept pass the bound, and no others', async () => {
    const probe = createGenerationRegistry({ graceMs: 0 });
    const bytes = keptBytes(await read(ask(probe, 'tokens=5')));
    await probe.close();
    // Room for two of these answers, not three (ids are all the same length).
    const registry = createGenerationRegistry({ graceMs: 0, endedBytes: Math.floor(bytes * 2.5) });
    try {
      const answers = [];
      for (let index = 0; index < 3; index++) {
        const stream = ask(registry, 'tokens=5');
        answers.push({ id: stream.id, events: await read(stream) });
      }
      expect(registry.size).toBe(2);
      expect(await registry.resume(answers[0]?.id as string)).toMatchObject({
        status: 404,
        code: 'generation_not_found',
      });
      for (const { id, events } of answers.slice(1)) {
        const replay = await registry.resume(id);
        if (replay instanceof StreamError) throw replay;
        expect(await read(replay)).toEqual(events);
      }
    } finally {
      await registry.close();
    }
  });

  it('with 0, keeps no ended answer, and running ones stay resumable', async () => {
    const registry = createGenerationRegistry({ graceMs: 5_000, endedBytes: 0 });
    try {
      const running = ask(registry, 'tokens=40 stall=300 stallAfter=2');
      const first = await read(running, 2);
      const resumed = await registry.resume(running.id, { lastEventId: 1 });
      if (resumed instanceof StreamError) throw resumed;
      const rest = await read(resumed);
      expect(rest.at(-1)).toMatchObject({ type: 'finish' });
      expect(first.length + rest.length).toBe(42);
      expect(registry.size).toBe(0);
      expect(await registry.resume(running.id)).toMatchObject({ status: 404 });
    } finally {
      await registry.close();
    }
  });

  it('refuses a negative bound', () => {
    expect(() => createGenerationRegistry({ endedBytes: -1 })).toThrow(RangeError);
  });
});

describe('a dropped reader', () => {
  it('keeps the generation for graceMs, then aborts it upstream', async () => {
    const registry = createGenerationRegistry({ graceMs: 400 });
    try {
      const stream = ask(registry, 'tokens=500 rate=40');
      const closed = new Promise<number>((resolve) =>
        mock.on('close', function onClose() {
          mock.off('close', onClose);
          resolve(performance.now());
        }),
      );
      await read(stream, 3);
      const droppedAt = performance.now();
      const abortedAt = await closed;
      expect(abortedAt - droppedAt).toBeGreaterThanOrEqual(390);
      expect(abortedAt - droppedAt).toBeLessThan(2_000);
      expect(stream.abortReason).toBe('client_closed');
    } finally {
      await registry.close();
    }
  });

  it('is cut at once with graceMs 0, as without a registry', async () => {
    const registry = createGenerationRegistry({ graceMs: 0 });
    try {
      const stream = ask(registry, 'tokens=500 rate=40');
      const closed = new Promise<number>((resolve) =>
        mock.on('close', function onClose() {
          mock.off('close', onClose);
          resolve(performance.now());
        }),
      );
      await read(stream, 3);
      const droppedAt = performance.now();
      expect((await closed) - droppedAt).toBeLessThan(100);
    } finally {
      await registry.close();
    }
  });
});

describe('a replica that dies mid-answer (Redis)', () => {
  it('ends every reader on another replica with a retryable error within the lease bound', async () => {
    const ownerConnection = connect();
    const otherConnection = connect();
    const leaseMs = 600;
    const owner = createGenerationRegistry({
      shared: createRedisGenerationStore({ redis: ownerConnection, leaseMs }),
    });
    const other = createGenerationRegistry({
      shared: createRedisGenerationStore({ redis: otherConnection, leaseMs }),
    });
    try {
      const stream = ask(owner, 'tokens=500 rate=40');
      const head = await read(stream, 4);
      const follower = await other.resume(stream.id, { lastEventId: head.length - 1 });
      if (follower instanceof StreamError) throw follower;
      const reading = read(follower);
      await sleep(100);
      // The owner goes silent on Redis at once, as a SIGKILLed process would.
      ownerConnection.disconnect();
      stream.abort('client_closed');
      const diedAt = performance.now();
      const events = await reading;
      expect(events.at(-1)).toMatchObject({ type: 'error', retryable: true });
      // The lease outlives its last renewal by at most leaseMs; a reader checks every leaseMs / 3.
      expect(performance.now() - diedAt).toBeLessThan(leaseMs * 2 + 500);
    } finally {
      await owner.close();
      await other.close();
      otherConnection.disconnect();
    }
  });
});
