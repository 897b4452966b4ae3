import { describe, expect, it } from 'vitest';
import type { StreamOutcome } from '../client/start-stream.js';
import { createStreamPlan } from '../upstream/stream-plan.js';
import { createLatencyCollector } from './collect-latencies.js';

/** A stream of `tokens` requested at `requestedAt`: token i emitted at requestedAt + 10 + i, arriving `delay` ms later. */
function streamed(
  requestedAt: number,
  tokens: number,
  delay: number,
  received = tokens,
): StreamOutcome {
  const plan = createStreamPlan({ tokens, tokensPerSecond: 1_000 });
  const emissions = plan.emissions as Float64Array;
  const arrivals = new Float64Array(tokens);
  for (let seq = 0; seq < received; seq++) {
    emissions[seq] = requestedAt + 10 + seq;
    arrivals[seq] = requestedAt + 10 + seq + delay;
  }
  return {
    plan,
    isOk: true,
    error: undefined,
    status: 200,
    received,
    arrivals,
    requestedAt,
    firstTokenAt: received > 0 ? requestedAt + 10 + delay : undefined,
    endedAt: requestedAt + 10 + tokens + delay,
    wireBytes: 0,
    bodyBytes: 0,
    retryAfter: undefined,
    errorBody: undefined,
  };
}

describe('createLatencyCollector', () => {
  it('counts the chats requested and the tokens emitted between startAt and endAt', () => {
    const collector = createLatencyCollector();
    collector.startAt(100);
    collector.endAt(200);
    // Requested before the windows: its first token does not count, its tokens from 100 on do.
    collector.add(streamed(85, 10, 2));
    // Inside, whole.
    collector.add(streamed(150, 5, 4));
    // Requested after the windows: nothing of it counts.
    collector.add(streamed(201, 5, 50));
    const { ttft, addedLatency } = collector.summarize();
    expect(ttft.count).toBe(1);
    expect(ttft.p50).toBe(14);
    // streamed(85): tokens emitted at 95…104, of which 100…104 count (5 tokens, 2 ms each).
    expect(addedLatency.count).toBe(10);
    expect(addedLatency.p50).toBe(2);
    expect(addedLatency.max).toBe(4);
  });

  it('reads only the tokens a cut stream received', () => {
    const collector = createLatencyCollector();
    collector.startAt(0);
    collector.endAt(1_000);
    collector.add(streamed(10, 8, 3, 2));
    expect(collector.summarize().addedLatency.count).toBe(2);
  });

  it('counts nothing before startAt is called', () => {
    const collector = createLatencyCollector();
    collector.add(streamed(10, 8, 3));
    const { ttft, addedLatency } = collector.summarize();
    expect(ttft.count).toBe(0);
    expect(addedLatency.count).toBe(0);
    expect(Number.isNaN(ttft.p99)).toBe(true);
  });
});
