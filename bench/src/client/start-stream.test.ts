import { Agent } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promptFor } from '../upstream/prompt-for.js';
import { startUpstream, type Upstream } from '../upstream/start-upstream.js';
import { createStreamPlan } from '../upstream/stream-plan.js';
import { startLoad } from './start-load.js';
import { type StreamTarget, startStream } from './start-stream.js';

let upstream: Upstream;
let target: StreamTarget;

beforeAll(async () => {
  upstream = await startUpstream();
  target = {
    url: new URL('/v1/chat/completions', upstream.url),
    body: (prompt) =>
      JSON.stringify({
        model: 'bench-model',
        messages: [{ role: 'user', content: prompt }],
        stream: true,
      }),
    framing: 'openai-sse',
    agent: new Agent({ keepAlive: true }),
  };
});

afterAll(async () => {
  target.agent.destroy();
  await upstream.close();
});

describe('upstream and client on one clock (direct)', () => {
  it('delivers every token once, in order, each arriving after it was emitted', async () => {
    const plan = createStreamPlan({ tokens: 300, tokensPerSecond: 0 });
    upstream.register(plan);
    const outcome = await startStream(target, plan, { prompt: promptFor(plan) }).finished;
    expect(outcome.error).toBeUndefined();
    expect(outcome.isOk).toBe(true);
    expect(outcome.received).toBe(300);
    const arrivals = outcome.arrivals as Float64Array;
    const emissions = plan.emissions as Float64Array;
    for (let seq = 0; seq < 300; seq++) {
      expect(arrivals[seq]).toBeGreaterThanOrEqual(emissions[seq] as number);
    }
    expect(outcome.wireBytes).toBeGreaterThan(outcome.bodyBytes);
  });

  it('paces a stream: 10 tokens at 100 tokens/s are spread over about 90 ms, not sent at once', async () => {
    const plan = createStreamPlan({ tokens: 10, tokensPerSecond: 100 });
    upstream.register(plan);
    await startStream(target, plan, { prompt: promptFor(plan) }).finished;
    const emissions = plan.emissions as Float64Array;
    expect((emissions[9] as number) - (emissions[0] as number)).toBeGreaterThanOrEqual(80);
  });

  it('reports a stream cut short as an error naming how far it got', async () => {
    const plan = createStreamPlan({ tokens: 1_000_000, tokensPerSecond: 200 });
    upstream.register(plan);
    const outcome = await startStream(target, plan, {
      prompt: promptFor(plan),
      signal: AbortSignal.timeout(100),
    }).finished;
    expect(outcome.isOk).toBe(false);
    expect(outcome.error).toMatch(/timed out after \d+ of 1000000 tokens/);
  });

  it('ends a running stream through abort(): "stop" as planned, any other reason as a deadline', async () => {
    const stopped = createStreamPlan({ tokens: 1_000_000, tokensPerSecond: 200 });
    const cut = createStreamPlan({ tokens: 1_000_000, tokensPerSecond: 200 });
    upstream.register(stopped);
    upstream.register(cut);
    const a = startStream(target, stopped, { prompt: promptFor(stopped) });
    const b = startStream(target, cut, { prompt: promptFor(cut) });
    while (a.outcome.received === 0 || b.outcome.received === 0) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    a.abort('stop');
    b.abort(new Error('deadline'));
    const [first, second] = await Promise.all([a.finished, b.finished]);
    expect(first?.error).toBeUndefined();
    expect(first?.isOk).toBe(true);
    expect(second?.error).toMatch(/^timed out after [1-9]\d* of 1000000 tokens/);
    upstream.release(stopped);
    upstream.release(cut);
  });

  it('ends every stream of a load still running at its deadline as timed out', async () => {
    const load = startLoad(
      upstream,
      target,
      { streams: 20, tokens: 1_000_000, tokensPerSecond: 100 },
      { timeoutMs: 300, isRecording: false },
    );
    const outcomes = await load.finished;
    expect(outcomes).toHaveLength(20);
    for (const outcome of outcomes) {
      expect(outcome.error).toMatch(/^timed out after \d+ of 1000000 tokens/);
    }
  });

  it('refuses a request for an unknown plan with the upstream’s status', async () => {
    const plan = createStreamPlan({ tokens: 5, tokensPerSecond: 0 });
    const outcome = await startStream(target, plan, { prompt: promptFor(plan) }).finished;
    expect(outcome.error).toMatch(/^status 400/);
  });

  it('starts a whole load at once and stops slow readers as planned with reason "stop"', async () => {
    const controller = new AbortController();
    const load = startLoad(
      upstream,
      target,
      { streams: 5, tokens: 1_000_000, tokensPerSecond: 0, tokenBytes: 1024 },
      {
        timeoutMs: 10_000,
        readBytesPerSecond: 64 * 1024,
        signal: controller.signal,
        isRecording: false,
      },
    );
    while (load.outcomes.some((outcome) => outcome.received === 0)) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    controller.abort('stop');
    const outcomes = await load.finished;
    expect(outcomes.map((outcome) => outcome.error)).toEqual(outcomes.map(() => undefined));
    // Backpressure held the upstream back: far fewer than a million tokens were written.
    for (const plan of load.plans) expect(plan.emitted).toBeLessThan(200_000);
  });
});
