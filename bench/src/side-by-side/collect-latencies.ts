import type { StreamOutcome } from '../client/start-stream.js';
import { type Summary, summarize } from '../stats/index.js';

/** One side's first-token and per-token figures over the measured windows. */
export interface LatencySummary {
  /** Request sent → first token arrived, ms, for chats requested within the windows. */
  ttft: Summary;
  /** Arrival − emission, ms, for tokens the upstream sent within the windows. */
  addedLatency: Summary;
}

/** Gathers one side's latencies from its streams' outcomes; see {@link createLatencyCollector}. */
export interface LatencyCollector {
  /** From now on (`performance.now()`), chats and tokens count. */
  startAt(time: number): void;
  /** After this time, nothing counts. */
  endAt(time: number): void;
  /** Takes what a finished (or cut) stream measured. */
  add(outcome: StreamOutcome): void;
  summarize(): LatencySummary;
}

/**
 * Keeps, for one side, the first-token times of the chats requested between `startAt` and `endAt`
 * and the added latency of the tokens emitted between them: with both systems on one core, their
 * queues are as long as each other's load makes them, so the two sides' figures compare where a
 * run of one system after the other would compare two minutes of this VM.
 *
 * @example
 * const collector = createLatencyCollector();
 * collector.startAt(performance.now());
 * // … collector.add(outcome) for every stream as it ends …
 * collector.endAt(performance.now());
 * collector.summarize().ttft.p99;
 */
export function createLatencyCollector(): LatencyCollector {
  let start = Number.POSITIVE_INFINITY;
  let end = Number.POSITIVE_INFINITY;
  const ttft: number[] = [];
  const addedLatency: number[] = [];
  return {
    startAt(time) {
      start = time;
    },
    endAt(time) {
      end = time;
    },
    add(outcome) {
      const isInWindows = (time: number) => time >= start && time <= end;
      if (outcome.firstTokenAt !== undefined && isInWindows(outcome.requestedAt)) {
        ttft.push(outcome.firstTokenAt - outcome.requestedAt);
      }
      const { arrivals } = outcome;
      const emissions = outcome.plan.emissions;
      if (arrivals === undefined || emissions === undefined) return;
      for (let seq = 0; seq < outcome.received; seq++) {
        const emittedAt = emissions[seq] as number;
        if (isInWindows(emittedAt)) addedLatency.push((arrivals[seq] as number) - emittedAt);
      }
    },
    summarize: () => ({ ttft: summarize(ttft), addedLatency: summarize(addedLatency) }),
  };
}
