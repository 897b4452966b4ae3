import { type MockOpenAI, startMockOpenAI } from '@tokenwire/mock-openai';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Generation } from './generation.js';
import type { GenerationSubscriber } from './generation-subscriber.js';

function collect(): GenerationSubscriber & { frames: string[]; hasEnded: boolean } {
  const subscriber = {
    frames: [] as string[],
    hasEnded: false,
    write(frame: string) {
      subscriber.frames.push(frame);
      return true;
    },
    flush() {},
    end() {
      subscriber.hasEnded = true;
    },
  };
  return subscriber;
}

describe('Generation', () => {
  let mock: MockOpenAI;

  beforeAll(async () => {
    mock = await startMockOpenAI({ tokensPerSecond: 0 });
  });
  afterAll(() => mock.close());

  const request = (content: string) => ({ messages: [{ role: 'user' as const, content }] });

  it('also streams through the SDK default fetch (undici), reading the web body with a reader loop', async () => {
    const client = new OpenAI({ apiKey: 'k', baseURL: mock.url, maxRetries: 0 });
    const generation = new Generation({
      client,
      request: request('Hi [mock tokens=4 finish=length]'),
      model: 'm',
      timeoutMs: 5000,
      maxRetries: 0,
    });
    await generation.connect();
    const subscriber = collect();
    generation.subscribe(subscriber);
    await generation.run();
    expect(subscriber.hasEnded).toBe(true);
    expect(subscriber.frames).toHaveLength(6);
    expect(subscriber.frames.at(-1)).toContain('"reason":"length"');
    expect(generation.frames).toEqual(subscriber.frames);
  });

  it('keeps every frame by seq, so a later reader can be replayed from the start', async () => {
    const client = new OpenAI({ apiKey: 'k', baseURL: mock.url, maxRetries: 0 });
    const generation = new Generation({
      client,
      request: request('Hi [mock tokens=3]'),
      model: 'm',
      timeoutMs: 5000,
      maxRetries: 0,
    });
    await generation.connect();
    await generation.run();
    expect(generation.frames.map((frame) => /^id: (\d+)\n/.exec(frame)?.[1])).toEqual([
      '0',
      '1',
      '2',
      '3',
      '4',
    ]);
    const late = collect();
    generation.subscribe(late);
    expect(late.frames).toEqual(generation.frames);
    expect(late.hasEnded).toBe(true);
  });
});
