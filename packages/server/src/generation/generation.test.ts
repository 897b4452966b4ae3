import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { type MockOpenAI, startMockOpenAI } from '@tokenwire/mock-openai';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeFetch } from '../node/create-node-fetch.js';
import type { SseFrame } from '../sse-frame.js';
import { collectFrames } from '../test-support/collect-frames.js';
import { createReplayBuffer } from './create-replay-buffer.js';
import { Generation, type GenerationOptions } from './generation.js';

const frameText = (frame: SseFrame): string =>
  typeof frame === 'string' ? frame : Buffer.from(frame).toString();

describe('Generation', () => {
  let mock: MockOpenAI;

  beforeAll(async () => {
    mock = await startMockOpenAI({ tokensPerSecond: 0 });
  });
  afterAll(() => mock.close());

  const params = (content: string) => ({
    model: 'm',
    messages: [{ role: 'user' as const, content }],
    stream: true as const,
  });

  /** A generation of `content` from the mock through the SDK's default fetch, connected. */
  async function connectedGeneration(
    content: string,
    options: Partial<GenerationOptions> = {},
  ): Promise<Generation> {
    const generation = new Generation({
      client: new OpenAI({ apiKey: 'k', baseURL: mock.url, maxRetries: 0 }),
      params: params(content),
      timeoutMs: 5000,
      maxRetries: 0,
      ...options,
    });
    await generation.connect();
    return generation;
  }

  it('counts each reader once and streams every frame to each, as readers come and go', async () => {
    const generation = await connectedGeneration('Hi [mock tokens=5]');
    const [first, second, third] = [collectFrames(), collectFrames(), collectFrames()];
    generation.subscribe(first);
    generation.subscribe(first);
    expect(generation.subscriberCount).toBe(1);
    generation.subscribe(second);
    expect(generation.subscriberCount).toBe(2);
    generation.unsubscribe(first);
    generation.unsubscribe(first);
    expect(generation.subscriberCount).toBe(1);
    generation.subscribe(third);
    generation.subscribe(first);
    expect(generation.subscriberCount).toBe(3);
    await generation.run();
    expect(generation.subscriberCount).toBe(0);
    for (const reader of [first, second, third]) {
      expect(reader.frames).toHaveLength(7);
      expect(reader.ends).toBe(1);
    }
  });

  it('also streams through the SDK default fetch (undici), reading the web body with a reader loop', async () => {
    const generation = await connectedGeneration('Hi [mock tokens=4 finish=length]');
    const subscriber = collectFrames();
    generation.subscribe(subscriber);
    await generation.run();
    expect(subscriber.hasEnded).toBe(true);
    expect(subscriber.frames).toHaveLength(6);
    expect(subscriber.frames.at(-1)).toContain('"reason":"length"');
    expect(subscriber.frames.map((frame) => /^id: (\d+)\n/.exec(frame)?.[1])).toEqual([
      '0',
      '1',
      '2',
      '3',
      '4',
      '5',
    ]);
  });

  it('lets go of its request, upstream response, abort wiring and host closures once over, keeping its figures', async () => {
    // A fresh context exposes V8's gc() once the flag is set: a collection on demand.
    setFlagsFromString('--expose-gc');
    const collectGarbage = runInNewContext('gc') as () => void;
    // The SDK hangs its own AbortController on the generation's signal, and passes its signal here
    // (to the API's fetch, which lets go of it once the body is over; undici's keeps it longer).
    const nodeFetch = createNodeFetch();
    let upstreamSignalRef: WeakRef<AbortSignal> | undefined;
    const client = new OpenAI({
      apiKey: 'k',
      baseURL: mock.url,
      maxRetries: 0,
      fetch: (url, init) => {
        if (init?.signal) upstreamSignalRef = new WeakRef(init.signal);
        return nodeFetch.fetch(url, init);
      },
    });
    let request: ReturnType<typeof params> | undefined = params('Hi [mock tokens=3 finish=length]');
    const requestRef = new WeakRef(request);
    // The host's closures (a registry's tap and onEnd) hold its own state.
    let tap: (() => void) | undefined = () => {};
    let onEnd: (() => void) | undefined = () => {};
    const hostRefs = [new WeakRef(tap), new WeakRef(onEnd)];
    const generation = new Generation({
      client,
      params: request,
      timeoutMs: 5000,
      maxRetries: 0,
      collectText: true,
      tap,
      onEnd,
      openBody: nodeFetch.openBody,
    });
    tap = undefined;
    onEnd = undefined;
    await generation.connect();
    const subscriber = collectFrames();
    generation.subscribe(subscriber);
    await generation.run();
    request = undefined;
    await new Promise((resolve) => setImmediate(resolve));
    collectGarbage();
    // Kept for the registry's TTL, an ended generation must not hold the conversation.
    expect(requestRef.deref()).toBeUndefined();
    // Nor the closures it was given, nor the upstream call's abort wiring.
    expect(hostRefs.map((ref) => ref.deref())).toEqual([undefined, undefined]);
    expect(upstreamSignalRef).toBeDefined();
    expect(upstreamSignalRef?.deref()).toBeUndefined();
    expect(generation.finishReason).toBe('length');
    expect(generation.deltaCount).toBe(3);
    expect(generation.text.length).toBeGreaterThan(0);
    expect(generation.nextSeq).toBe(5);
    nodeFetch.destroy();
  });

  it('holds no Response while it streams: the body reader is all it keeps of the answer', async () => {
    setFlagsFromString('--expose-gc');
    const collectGarbage = runInNewContext('gc') as () => void;
    let responseRef: WeakRef<Response> | undefined;
    let sendMore: ((text: string) => void) | undefined;
    let endBody: (() => void) | undefined;
    const generation = new Generation({
      client: new OpenAI({ apiKey: 'k', baseURL: mock.url }),
      params: params('Hi'),
      timeoutMs: 5000,
      maxRetries: 0,
      // An upstream that stays open: the answer streams for as long as the test wants.
      sendRequest: async () => {
        const body = new ReadableStream<Uint8Array>({
          start(controller) {
            sendMore = (text) => controller.enqueue(new TextEncoder().encode(text));
            endBody = () => controller.close();
          },
        });
        const response = new Response(body, { headers: { 'content-type': 'text/event-stream' } });
        responseRef = new WeakRef(response);
        return response;
      },
    });
    expect(await generation.connect()).toBeUndefined();
    const subscriber = collectFrames();
    generation.subscribe(subscriber);
    const running = generation.run();
    sendMore?.('data: {"choices":[{"index":0,"delta":{"content":"Hel"}}]}\n\n');
    await new Promise((resolve) => setImmediate(resolve));
    collectGarbage();
    // A stream open for minutes must not keep its Response (and what it holds) all along.
    expect(responseRef).toBeDefined();
    expect(responseRef?.deref()).toBeUndefined();
    expect(subscriber.frames.join('')).toContain('"delta":"Hel"');
    sendMore?.(
      'data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n',
    );
    endBody?.();
    await running;
    expect(generation.finishReason).toBe('stop');
  });

  it('keeps what its replay buffer holds, so a later reader can be replayed from a seq', async () => {
    const generation = await connectedGeneration('Hi [mock tokens=3]', {
      replayBuffer: createReplayBuffer({ capacityBytes: 64 * 1024 }),
    });
    await generation.run();
    expect(generation.nextSeq).toBe(5);
    // Over, it keeps its frames sealed (in arrays of its own, not the translator's slabs).
    expect(() => generation.replayBuffer.append(5, 'x')).toThrow(/sealed/);
    const late = collectFrames();
    expect(generation.subscribe(late)).toBe(true);
    expect(late.frames.map((frame) => /^id: (\d+)\n/.exec(frame)?.[1])).toEqual([
      '0',
      '1',
      '2',
      '3',
      '4',
    ]);
    expect(late.hasEnded).toBe(true);
    const resumed = collectFrames();
    expect(generation.subscribe(resumed, 3)).toBe(true);
    expect(resumed.frames).toEqual(late.frames.slice(3));
  });

  it('keeps no frame by default, and refuses a late reader rather than replaying a gap', async () => {
    const generation = await connectedGeneration('Hi [mock tokens=2000]');
    const reader = collectFrames();
    expect(generation.subscribe(reader)).toBe(true);
    await generation.run();
    expect(reader.frames).toHaveLength(2002);
    expect(generation.replayBuffer.size).toBe(0);
    const late = collectFrames();
    expect(generation.subscribe(late)).toBe(false);
    expect(late.frames).toEqual([]);
    // Nothing missed: a reader that has seen everything may attach.
    expect(generation.subscribe(late, generation.nextSeq)).toBe(true);
    expect(late.hasEnded).toBe(true);
  });

  it('holds its replay buffer to its capacity however long the answer', async () => {
    const capacityBytes = 4096;
    const replayBuffer = createReplayBuffer({ capacityBytes });
    const generation = await connectedGeneration('Hi [mock tokens=5000]', { replayBuffer });
    let largest = 0;
    const reader = collectFrames();
    const write = reader.write;
    reader.write = (frame) => {
      largest = Math.max(largest, replayBuffer.size);
      return write(frame);
    };
    generation.subscribe(reader);
    await generation.run();
    expect(reader.frames).toHaveLength(5002);
    expect(largest).toBeGreaterThan(capacityBytes / 2);
    expect(largest).toBeLessThanOrEqual(capacityBytes);
    const kept = replayBuffer.framesFrom(generation.nextSeq - 10);
    expect(kept?.map(frameText)).toEqual(reader.frames.slice(-10));
    expect(replayBuffer.framesFrom(0)).toBeUndefined();
  });
});
