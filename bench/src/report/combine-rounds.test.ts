import { describe, expect, it } from 'vitest';
import { summarize } from '../stats/summarize.js';
import { combineRounds } from './combine-rounds.js';
import type { LoadResult } from './load-result.js';

function round(figures: {
  cpu: number | null;
  p99: number;
  errors?: number;
  others?: [number, number];
  samples?: string[];
  loadLagMs?: number;
}): LoadResult {
  const [loadCoreOtherPercent, serverCoreOtherPercent] = figures.others ?? [0, 0];
  return {
    system: 'tokenwire',
    streamsOk: 100 - (figures.errors ?? 0),
    streamsTotal: 100,
    tokensExpected: 20_000,
    tokensDelivered: 20_000,
    latencyMs: { ...summarize([1, 2, 3]), p99: figures.p99 },
    ttftMs: summarize([10, 20]),
    tokensPerSecond: 5000,
    wireBytesPerToken: 61,
    cpuSecondsPer1000Tokens: figures.cpu,
    // The loop's share: a fixed 60% of the process, so its median follows the same round.
    loopCpuSecondsPer1000Tokens: figures.cpu === null ? null : figures.cpu * 0.6,
    peakRssBytes: 100,
    baselineRssBytes: 1,
    peakOpenStreams: 100,
    rssPerOpenStreamBytes: 0,
    attempts: 1,
    interference: { loadProcessPercent: 30, loadCoreOtherPercent, serverCoreOtherPercent },
    loadLoop:
      figures.loadLagMs === undefined
        ? undefined
        : { utilization: figures.loadLagMs / 100, lagMs: figures.loadLagMs },
    errors: figures.errors ?? 0,
    errorSamples: figures.samples ?? [],
  };
}

describe('combineRounds', () => {
  it('returns a single round unchanged', () => {
    const only = round({ cpu: 0.05, p99: 5 });
    expect(combineRounds([only])).toBe(only);
  });

  it('takes medians of the figures and totals of the counts, keeping the rounds', () => {
    const rounds = [
      round({ cpu: 0.05, p99: 9, loadLagMs: 40 }),
      round({ cpu: 0.08, p99: 4, errors: 1, samples: ['boom'], loadLagMs: 3 }),
      round({ cpu: 0.04, p99: 6, others: [30, 2], loadLagMs: 12 }),
    ];
    const row = combineRounds(rounds);
    expect(row.cpuSecondsPer1000Tokens).toBe(0.05);
    expect(row.loopCpuSecondsPer1000Tokens).toBeCloseTo(0.03, 9);
    expect(row.latencyMs.p99).toBe(6);
    expect(row.latencyMs.count).toBe(9);
    expect(row.streamsOk).toBe(299);
    expect(row.streamsTotal).toBe(300);
    expect(row.errors).toBe(1);
    expect(row.errorSamples).toEqual(['boom']);
    expect(row.attempts).toBe(3);
    expect(row.interference?.loadCoreOtherPercent).toBe(30);
    expect(row.loadLoop).toEqual({ utilization: 0.12, lagMs: 12 });
    expect(row.rounds?.map((each) => each.cpuSecondsPer1000Tokens)).toEqual([0.05, 0.08, 0.04]);
  });

  it("takes medians of the first token's legs and of the cores' busiest seconds", () => {
    const withLegs = (toUpstream: number, fromUpstream: number, busiest: [number, number]) => ({
      ...round({ cpu: 0.05, p99: 1 }),
      ttftLegsMs: {
        toUpstream: { ...summarize([1]), p99: toUpstream },
        fromUpstream: { ...summarize([1]), p99: fromUpstream },
      },
      busiestSecond: { loadCorePercent: busiest[0], serverCorePercent: busiest[1] },
    });
    const row = combineRounds([
      withLegs(400, 30, [100, 70]),
      withLegs(20, 90, [80, 99]),
      withLegs(60, 10, [90, 60]),
    ]);
    expect(row.ttftLegsMs?.toUpstream.p99).toBe(60);
    expect(row.ttftLegsMs?.fromUpstream.p99).toBe(30);
    expect(row.busiestSecond).toEqual({ loadCorePercent: 90, serverCorePercent: 70 });
    const without = combineRounds([round({ cpu: 0.1, p99: 1 }), round({ cpu: 0.1, p99: 1 })]);
    expect(without.ttftLegsMs).toBeUndefined();
    expect(without.busiestSecond).toBeUndefined();
  });

  it("takes the median of each core's speed, and has none when no round has it", () => {
    const at = (loadCoreUnitMicros: number, serverCoreUnitMicros: number) => ({
      ...round({ cpu: 0.05, p99: 1 }),
      coreSpeed: { loadCoreUnitMicros, serverCoreUnitMicros },
    });
    const row = combineRounds([at(800, 1_400), at(790, 810), at(900, 820)]);
    expect(row.coreSpeed).toEqual({ loadCoreUnitMicros: 800, serverCoreUnitMicros: 820 });
    const without = combineRounds([round({ cpu: 0.1, p99: 1 }), round({ cpu: 0.1, p99: 1 })]);
    expect(without.coreSpeed).toBeUndefined();
  });

  it('has no load-loop figures when no round has them', () => {
    expect(combineRounds([round({ cpu: 0.1, p99: 1 }), round({ cpu: 0.1, p99: 1 })]).loadLoop).toBe(
      undefined,
    );
  });

  it('has no CPU figure when a round has none (direct)', () => {
    expect(
      combineRounds([round({ cpu: null, p99: 1 }), round({ cpu: 0.1, p99: 1 })])
        .cpuSecondsPer1000Tokens,
    ).toBeNull();
  });
});
