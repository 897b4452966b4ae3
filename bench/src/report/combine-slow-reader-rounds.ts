import { median } from '../stats/median.js';
import type { SlowReaderResult } from './slow-reader-result.js';

const MAX_ERROR_SAMPLES = 5;

/**
 * One S4 row from the rounds a system was measured in, as `combineRounds` makes a load row:
 * memory figures are the medians of the rounds, counts are totals, and the stricter reading
 * wins where a median would hide a bad round — memory is flat only if it held flat in every
 * round, the buffers filled only if they filled in every round, and the peak is the highest.
 * The RSS timeline is round 1's (every system is measured in it). The rounds are kept in
 * `rounds`, for per-round ratios and the JSON results.
 *
 * @example
 * const row = combineSlowReaderRounds([first, second, third]);
 * row.rssPerStreamBytes; // the middle of the three
 */
export function combineSlowReaderRounds(rounds: readonly SlowReaderResult[]): SlowReaderResult {
  const [first] = rounds;
  if (first === undefined) throw new RangeError('combineSlowReaderRounds needs at least one round');
  if (rounds.length === 1) return first;
  const middle = (pick: (round: SlowReaderResult) => number) => median(rounds.map(pick));
  const sum = (pick: (round: SlowReaderResult) => number) =>
    rounds.reduce((total, round) => total + pick(round), 0);
  return {
    system: first.system,
    streamsOk: sum((round) => round.streamsOk),
    streamsTotal: sum((round) => round.streamsTotal),
    baselineRssBytes: middle((round) => round.baselineRssBytes),
    fillMs: middle((round) => round.fillMs),
    hasFilled: rounds.every((round) => round.hasFilled),
    openRssBytes: middle((round) => round.openRssBytes),
    rssPerStreamBytes: middle((round) => round.rssPerStreamBytes),
    growthBytes: middle((round) => round.growthBytes),
    bytesReadDuringGrowth: middle((round) => round.bytesReadDuringGrowth),
    keptFraction: middle((round) => round.keptFraction),
    inFlightTokensPerStream: middle((round) => round.inFlightTokensPerStream),
    inFlightGrowthPerStream: middle((round) => round.inFlightGrowthPerStream),
    isFlat: rounds.every((round) => round.isFlat),
    peakRssBytes: Math.max(...rounds.map((round) => round.peakRssBytes)),
    errors: sum((round) => round.errors),
    errorSamples: [...new Set(rounds.flatMap((round) => round.errorSamples))].slice(
      0,
      MAX_ERROR_SAMPLES,
    ),
    samples: first.samples,
    rounds: rounds.map(({ rounds: _nested, ...round }) => round),
  };
}
