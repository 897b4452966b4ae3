import type { StreamOutcome } from '../client/start-stream.js';
import type { SystemName } from '../systems/system-definition.js';
import type { SlowReaderResult, SlowReaderSample } from './slow-reader-result.js';

/**
 * RSS may move this much between the middle and the last third and still count as flat: a V8
 * heap grows and shrinks by a few MiB with every major GC, with or without a leak. A server
 * that buffers what a slow reader cannot take grows by megabytes per second instead.
 */
export const FLAT_TOLERANCE_BYTES: number = 8 * 1024 * 1024;

const mean = (values: readonly number[]) =>
  values.length === 0 ? Number.NaN : values.reduce((sum, value) => sum + value, 0) / values.length;

/**
 * Reads S4's samples: memory per open stream, and whether it stays flat while the readers lag.
 *
 * @example
 * const result = summarizeSlowReader('tokenwire', { baselineRssBytes, samples, outcomes, peakRssBytes });
 * result.isFlat; // true when the last third is within FLAT_TOLERANCE_BYTES of the middle third
 */
export function summarizeSlowReader(
  system: SystemName,
  input: {
    baselineRssBytes: number;
    samples: readonly SlowReaderSample[];
    outcomes: readonly StreamOutcome[];
    peakRssBytes: number;
  },
): SlowReaderResult {
  const { samples, outcomes } = input;
  const third = Math.max(1, Math.floor(samples.length / 3));
  const middle = samples.slice(third, 2 * third);
  const last = samples.slice(samples.length - third);
  const openRssBytes = mean(last.map((sample) => sample.rssBytes));
  const growthBytes = openRssBytes - mean(middle.map((sample) => sample.rssBytes));
  const inFlight = (sample: SlowReaderSample | undefined) =>
    sample ? sample.tokensEmitted - sample.tokensRead : Number.NaN;
  const inFlightTokensPerStream = inFlight(samples.at(-1));
  const inFlightGrowthPerStream = inFlightTokensPerStream - inFlight(middle[0]);
  const failed = outcomes.filter((outcome) => !outcome.isOk);
  return {
    system,
    streamsOk: outcomes.length - failed.length,
    streamsTotal: outcomes.length,
    baselineRssBytes: input.baselineRssBytes,
    openRssBytes,
    rssPerStreamBytes: (openRssBytes - input.baselineRssBytes) / Math.max(1, outcomes.length),
    growthBytes,
    inFlightTokensPerStream,
    inFlightGrowthPerStream,
    isFlat: growthBytes <= FLAT_TOLERANCE_BYTES,
    peakRssBytes: input.peakRssBytes,
    errors: failed.length,
    errorSamples: [...new Set(failed.map((outcome) => outcome.error ?? 'unknown'))].slice(0, 5),
    samples: [...samples],
  };
}
