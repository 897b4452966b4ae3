import type { StreamOutcome } from '../client/start-stream.js';
import { summarize } from '../stats/summarize.js';
import type { SystemName } from '../systems/system-definition.js';
import type { LoadResult } from './load-result.js';

const ERROR_SAMPLES = 5;

/**
 * Turns the streams' outcomes and the system's /proc readings into one table row.
 *
 * @example
 * const row = summarizeLoad('node-pipe', outcomes, { cpuSeconds: 0.96, peakRssBytes: 60e6 });
 * row.cpuSecondsPer1000Tokens; // 0.048 when 20,000 tokens were delivered
 */
export function summarizeLoad(
  system: SystemName,
  outcomes: readonly StreamOutcome[],
  usage:
    | {
        cpuSeconds: number;
        /** The main thread's share of cpuSeconds, when known. */
        loopCpuSeconds?: number | undefined;
        peakRssBytes: number;
        baselineRssBytes?: number;
      }
    | undefined,
): LoadResult {
  let tokensExpected = 0;
  let tokensDelivered = 0;
  let wireBytes = 0;
  let firstRequest = Number.POSITIVE_INFINITY;
  let lastEnd = Number.NEGATIVE_INFINITY;
  let sampleCount = 0;
  for (const outcome of outcomes) sampleCount += outcome.arrivals ? outcome.received : 0;
  const latencies = new Float64Array(sampleCount);
  const ttfts: number[] = [];
  // A first token's time in two legs, cut where the upstream wrote it (same clock: this process).
  const toUpstream: number[] = [];
  const fromUpstream: number[] = [];
  const errors = new Set<string>();
  let errorCount = 0;
  let latencyIndex = 0;

  for (const outcome of outcomes) {
    tokensExpected += outcome.plan.tokens;
    tokensDelivered += outcome.received;
    wireBytes += outcome.wireBytes;
    firstRequest = Math.min(firstRequest, outcome.requestedAt);
    if (outcome.endedAt !== undefined) lastEnd = Math.max(lastEnd, outcome.endedAt);
    if (outcome.firstTokenAt !== undefined) {
      ttfts.push(outcome.firstTokenAt - outcome.requestedAt);
      const written = outcome.plan.emissions?.[0];
      if (written !== undefined) {
        toUpstream.push(written - outcome.requestedAt);
        fromUpstream.push(outcome.firstTokenAt - written);
      }
    }
    const { arrivals } = outcome;
    const emissions = outcome.plan.emissions;
    if (arrivals && emissions) {
      for (let seq = 0; seq < outcome.received; seq++) {
        latencies[latencyIndex++] = (arrivals[seq] as number) - (emissions[seq] as number);
      }
    }
    if (!outcome.isOk) {
      errorCount++;
      if (errors.size < ERROR_SAMPLES && outcome.error) errors.add(outcome.error);
    }
  }
  const seconds = (lastEnd - firstRequest) / 1000;
  const peakOpenStreams = countPeakOpen(outcomes);
  const baselineRssBytes = usage?.baselineRssBytes ?? null;
  return {
    system,
    streamsOk: outcomes.length - errorCount,
    streamsTotal: outcomes.length,
    tokensExpected,
    tokensDelivered,
    latencyMs: summarize(latencies),
    ttftMs: summarize(ttfts),
    ttftLegsMs:
      toUpstream.length > 0
        ? { toUpstream: summarize(toUpstream), fromUpstream: summarize(fromUpstream) }
        : undefined,
    tokensPerSecond: seconds > 0 ? tokensDelivered / seconds : Number.NaN,
    wireBytesPerToken: tokensDelivered > 0 ? wireBytes / tokensDelivered : Number.NaN,
    cpuSecondsPer1000Tokens:
      usage && tokensDelivered > 0 ? (usage.cpuSeconds / tokensDelivered) * 1000 : null,
    loopCpuSecondsPer1000Tokens:
      usage?.loopCpuSeconds !== undefined && tokensDelivered > 0
        ? (usage.loopCpuSeconds / tokensDelivered) * 1000
        : null,
    peakRssBytes: usage ? usage.peakRssBytes : null,
    baselineRssBytes,
    peakOpenStreams,
    rssPerOpenStreamBytes:
      usage && baselineRssBytes !== null && peakOpenStreams > 0
        ? (usage.peakRssBytes - baselineRssBytes) / peakOpenStreams
        : null,
    attempts: 1,
    interference: undefined,
    loadLoop: undefined,
    errors: errorCount,
    errorSamples: [...errors],
  };
}

/** The most streams open at one instant: a sweep over request (+1) and end (−1) times. */
function countPeakOpen(outcomes: readonly StreamOutcome[]): number {
  const events: Array<[number, number]> = [];
  for (const outcome of outcomes) {
    events.push([outcome.requestedAt, 1]);
    events.push([outcome.endedAt ?? Number.POSITIVE_INFINITY, -1]);
  }
  // At equal times an end comes first: a stream that ended as another began did not overlap it.
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let open = 0;
  let peak = 0;
  for (const [, change] of events) {
    open += change;
    peak = Math.max(peak, open);
  }
  return peak;
}
