import type { Interference } from '../proc/measure-interference.js';
import { median } from '../stats/median.js';
import type { Summary } from '../stats/summarize.js';
import type { LoadResult } from './load-result.js';

const MAX_ERROR_SAMPLES = 5;

/**
 * One row from the rounds a system was measured in: every figure is the median of its rounds
 * (for an even count, the mean of the middle two), counts are totals over all rounds (every
 * stream of every round must complete), and the interference shown is the noisiest round's.
 * The load loop's figures, the first token's legs, the cores' busiest seconds and their speeds
 * are medians too.
 * The rounds themselves are kept in `rounds`, for per-round ratios and the JSON results.
 *
 * @example
 * const row = combineRounds([first, second, third]);
 * row.cpuSecondsPer1000Tokens; // the middle of the three
 */
export function combineRounds(rounds: readonly LoadResult[]): LoadResult {
  const [first] = rounds;
  if (first === undefined) throw new RangeError('combineRounds needs at least one round');
  if (rounds.length === 1) return first;
  const sum = (pick: (round: LoadResult) => number) =>
    rounds.reduce((total, round) => total + pick(round), 0);
  const nullableMedian = (pick: (round: LoadResult) => number | null) => {
    const values = rounds.map(pick);
    return values.some((value) => value === null) ? null : median(values as number[]);
  };
  return {
    system: first.system,
    streamsOk: sum((round) => round.streamsOk),
    streamsTotal: sum((round) => round.streamsTotal),
    tokensExpected: sum((round) => round.tokensExpected),
    tokensDelivered: sum((round) => round.tokensDelivered),
    latencyMs: medianSummary(rounds.map((round) => round.latencyMs)),
    ttftMs: medianSummary(rounds.map((round) => round.ttftMs)),
    ttftLegsMs: ofMeasured(
      rounds.map((round) => round.ttftLegsMs),
      (legs) => ({
        toUpstream: medianSummary(legs.map((each) => each.toUpstream)),
        fromUpstream: medianSummary(legs.map((each) => each.fromUpstream)),
      }),
    ),
    tokensPerSecond: median(rounds.map((round) => round.tokensPerSecond)),
    wireBytesPerToken: median(rounds.map((round) => round.wireBytesPerToken)),
    cpuSecondsPer1000Tokens: nullableMedian((round) => round.cpuSecondsPer1000Tokens),
    loopCpuSecondsPer1000Tokens: nullableMedian((round) => round.loopCpuSecondsPer1000Tokens),
    peakRssBytes: nullableMedian((round) => round.peakRssBytes),
    baselineRssBytes: nullableMedian((round) => round.baselineRssBytes),
    peakOpenStreams: median(rounds.map((round) => round.peakOpenStreams)),
    rssPerOpenStreamBytes: nullableMedian((round) => round.rssPerOpenStreamBytes),
    attempts: sum((round) => round.attempts),
    interference: noisiest(rounds.map((round) => round.interference)),
    loadLoop: ofMeasured(
      rounds.map((round) => round.loadLoop),
      medianOfEach,
    ),
    busiestSecond: ofMeasured(
      rounds.map((round) => round.busiestSecond),
      medianOfEach,
    ),
    coreSpeed: ofMeasured(
      rounds.map((round) => round.coreSpeed),
      medianOfEach,
    ),
    errors: sum((round) => round.errors),
    errorSamples: [...new Set(rounds.flatMap((round) => round.errorSamples))].slice(
      0,
      MAX_ERROR_SAMPLES,
    ),
    rounds: rounds.map(({ rounds: _nested, ...round }) => round),
  };
}

function medianSummary(summaries: readonly Summary[]): Summary {
  return {
    count: summaries.reduce((total, summary) => total + summary.count, 0),
    p50: median(summaries.map((summary) => summary.p50)),
    p99: median(summaries.map((summary) => summary.p99)),
    max: median(summaries.map((summary) => summary.max)),
    mean: median(summaries.map((summary) => summary.mean)),
  };
}

/** An object of the same keys as `all`'s, each the median of theirs (`all` not empty). */
function medianOfEach<T extends { [K in keyof T]: number }>(all: readonly T[]): T {
  const keys = Object.keys(all[0] as T) as (keyof T)[];
  return Object.fromEntries(keys.map((key) => [key, median(all.map((each) => each[key]))])) as T;
}

/** `combine` of the rounds that have a figure; undefined when none has it. */
function ofMeasured<T, R>(all: ReadonlyArray<T | undefined>, combine: (measured: T[]) => R) {
  const measured = all.filter((each): each is T => each !== undefined);
  return measured.length === 0 ? undefined : combine(measured);
}

function noisiest(all: ReadonlyArray<Interference | undefined>): Interference | undefined {
  let worst: Interference | undefined;
  for (const interference of all) {
    if (interference === undefined) continue;
    const load = (value: Interference) => value.loadCoreOtherPercent + value.serverCoreOtherPercent;
    if (worst === undefined || load(interference) > load(worst)) worst = interference;
  }
  return worst;
}
