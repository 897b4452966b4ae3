import type { StreamOutcome } from '../client/start-stream.js';
import type { SystemName } from '../systems/system-definition.js';
import type { SlowReaderResult, SlowReaderSample } from './slow-reader-result.js';

/**
 * RSS may grow this much over the hold and still count as flat: a V8 heap grows and shrinks by
 * a few MiB with every major GC, with or without a leak…
 */
export const FLAT_TOLERANCE_BYTES: number = 8 * 1024 * 1024;

/**
 * …or by this share of the bytes that went through it meanwhile (more traffic, more garbage
 * between two GCs: node-pipe, which holds nothing, shows 5–15% here). A server that keeps what
 * it has sent grows by about all of it (≈ 1).
 */
export const FLAT_TOLERANCE_FRACTION = 0.25;

const mean = (values: readonly number[]) =>
  values.length === 0 ? Number.NaN : values.reduce((sum, value) => sum + value, 0) / values.length;

/**
 * Reads S4's samples: memory per open stream once every buffer is full, and whether it stays
 * flat over the hold while the readers lag.
 *
 * @example
 * const result = summarizeSlowReader('tokenwire', { baselineRssBytes, maxFillMs, samples, outcomes, peakRssBytes });
 * result.isFlat; // true when RSS grew by less than 8 MiB or 25% of what the readers took meanwhile
 */
export function summarizeSlowReader(
  system: SystemName,
  input: {
    baselineRssBytes: number;
    maxFillMs: number;
    samples: readonly SlowReaderSample[];
    outcomes: readonly StreamOutcome[];
    peakRssBytes: number;
  },
): SlowReaderResult {
  const { samples, outcomes } = input;
  const hold = samples.filter((sample) => sample.phase === 'hold');
  const quarter = Math.max(1, Math.floor(hold.length / 4));
  const rss = (list: readonly SlowReaderSample[]) => mean(list.map((sample) => sample.rssBytes));
  const openRssBytes = rss(hold);
  const first = hold.slice(0, quarter);
  const last = hold.slice(hold.length - quarter);
  const growthBytes = rss(last) - rss(first);
  const bytesRead = (list: readonly SlowReaderSample[]) =>
    mean(list.map((sample) => sample.bytesRead));
  const bytesReadDuringGrowth = bytesRead(last) - bytesRead(first);
  const backlog = (sample: SlowReaderSample | undefined) =>
    sample ? sample.tokensEmitted - sample.tokensRead : Number.NaN;
  const fillMs = hold[0]?.atMs ?? Number.NaN;
  const failed = outcomes.filter((outcome) => !outcome.isOk);
  return {
    system,
    streamsOk: outcomes.length - failed.length,
    streamsTotal: outcomes.length,
    baselineRssBytes: input.baselineRssBytes,
    fillMs,
    hasFilled: fillMs < input.maxFillMs,
    openRssBytes,
    rssPerStreamBytes: (openRssBytes - input.baselineRssBytes) / Math.max(1, outcomes.length),
    growthBytes,
    bytesReadDuringGrowth,
    keptFraction: bytesReadDuringGrowth > 0 ? growthBytes / bytesReadDuringGrowth : Number.NaN,
    inFlightTokensPerStream: backlog(samples.at(-1)),
    inFlightGrowthPerStream: backlog(hold.at(-1)) - backlog(hold[0]),
    isFlat:
      growthBytes <=
      Math.max(FLAT_TOLERANCE_BYTES, FLAT_TOLERANCE_FRACTION * bytesReadDuringGrowth),
    peakRssBytes: input.peakRssBytes,
    errors: failed.length,
    errorSamples: [...new Set(failed.map((outcome) => outcome.error ?? 'unknown'))].slice(0, 5),
    samples: [...samples],
  };
}
