import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { type MockOpenAI, startMockOpenAI } from '@tokenwire/mock-openai';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReplayBuffer } from '../generation/create-replay-buffer.js';
import { Generation } from '../generation/generation.js';
import { collectFrames } from '../test-support/collect-frames.js';
import { EndedAnswer } from './ended-answer.js';

describe('EndedAnswer', () => {
  let mock: MockOpenAI;
  beforeAll(async () => {
    mock = await startMockOpenAI({ tokensPerSecond: 0 });
  });
  afterAll(() => mock.close());

  const generationOf = (content: string, capacityBytes: number) =>
    new Generation({
      client: new OpenAI({ apiKey: 'k', baseURL: mock.url, maxRetries: 0 }),
      params: {
        model: 'm',
        messages: [{ role: 'user', content }],
        stream: true,
        stream_options: { include_usage: true },
      },
      timeoutMs: 5000,
      maxRetries: 0,
      replayBuffer: createReplayBuffer({ capacityBytes }),
    });

  async function ended(content: string, capacityBytes = 64 * 1024) {
    const generation = generationOf(content, capacityBytes);
    await generation.connect();
    await generation.run();
    return generation;
  }

  it('replays what the ended generation would, from any seq, and has its figures', async () => {
    const generation = await ended('Hi [mock tokens=6]');
    const answer = new EndedAnswer(generation);
    for (const key of [
      'model',
      'state',
      'abortReason',
      'finishReason',
      'errorCode',
      'usage',
      'deltaCount',
      'firstDeltaAt',
      'text',
      'nextSeq',
    ] as const) {
      expect(answer[key]).toEqual(generation[key]);
    }
    expect(answer.state).toBe('finished');
    expect(answer.usage).toBeDefined();
    expect(answer.size).toBe(generation.replayBuffer.size);
    for (let seq = 0; seq <= generation.nextSeq + 1; seq++) {
      const fromAnswer = collectFrames();
      const fromGeneration = collectFrames();
      expect(answer.subscribe(fromAnswer, seq)).toBe(generation.subscribe(fromGeneration, seq));
      expect(fromAnswer.frames).toEqual(fromGeneration.frames);
      expect(fromAnswer.ends).toBe(fromGeneration.ends);
    }
    const whole = collectFrames();
    answer.subscribe(whole);
    expect(whole.frames).toHaveLength(generation.nextSeq);
    expect(whole.ends).toBe(1);
  });

  it('refuses the seqs its generation no longer kept, and a seq never produced', async () => {
    // Room for the last few frames only.
    const generation = await ended('Hi [mock tokens=50]', 600);
    const answer = new EndedAnswer(generation);
    const late = collectFrames();
    expect(answer.subscribe(late, 0)).toBe(false);
    expect(late.ends).toBe(0);
    expect(answer.subscribe(collectFrames(), generation.nextSeq + 1)).toBe(false);
    const tail = collectFrames();
    expect(answer.subscribe(tail, generation.nextSeq - 1)).toBe(true);
    expect(tail.frames).toHaveLength(1);
    expect(tail.frames[0]).toContain('"type":"finish"');
    const caughtUp = collectFrames();
    expect(answer.subscribe(caughtUp, generation.nextSeq)).toBe(true);
    expect(caughtUp).toMatchObject({ frames: [], ends: 1 });
  });

  it('is made only from an ended generation, and stopping it changes nothing', async () => {
    const running = generationOf('Hi [mock tokens=3]', 1024);
    expect(() => new EndedAnswer(running)).toThrow(/ended/);
    await running.connect();
    await running.run();
    const answer = new EndedAnswer(running);
    answer.abort();
    answer.unsubscribe();
    answer.resume();
    await answer.run();
    expect(answer.state).toBe('finished');
    expect(answer.subscribe(collectFrames())).toBe(true);
  });

  it('holds nothing of the generation that made it', async () => {
    // A fresh context exposes V8's gc() once the flag is set: a collection on demand.
    setFlagsFromString('--expose-gc');
    const collectGarbage = runInNewContext('gc') as () => void;
    const { answer, generationRef } = await (async () => {
      const generation = await ended('Hi [mock tokens=4]');
      return { answer: new EndedAnswer(generation), generationRef: new WeakRef(generation) };
    })();
    await new Promise((resolve) => setTimeout(resolve, 20));
    collectGarbage();
    expect(generationRef.deref()).toBeUndefined();
    const reader = collectFrames();
    expect(answer.subscribe(reader)).toBe(true);
    expect(reader.frames).toHaveLength(answer.nextSeq);
  });
});
