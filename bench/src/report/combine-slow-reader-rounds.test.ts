import { describe, expect, it } from 'vitest';
import type { SystemName } from '../systems/system-definition.js';
import { combineSlowReaderRounds } from './combine-slow-reader-rounds.js';
import { evaluateTargets } from './evaluate-targets.js';
import type { ScenarioResult } from './scenario-result.js';
import type { SlowReaderResult } from './slow-reader-result.js';

function round(
  figures: {
    kibPerStream: number;
    isFlat?: boolean;
    hasFilled?: boolean;
    peakMiB?: number;
    errors?: number;
  },
  system: SystemName = 'tokenwire',
): SlowReaderResult {
  const errors = figures.errors ?? 0;
  return {
    system,
    streamsOk: 50 - errors,
    streamsTotal: 50,
    baselineRssBytes: 100 * 2 ** 20,
    fillMs: 3000,
    hasFilled: figures.hasFilled ?? true,
    openRssBytes: 100 * 2 ** 20 + figures.kibPerStream * 1024 * 50,
    rssPerStreamBytes: figures.kibPerStream * 1024,
    growthBytes: 0,
    bytesReadDuringGrowth: 100 * 2 ** 20,
    keptFraction: 0,
    inFlightTokensPerStream: 2000,
    inFlightGrowthPerStream: 10,
    isFlat: figures.isFlat ?? true,
    peakRssBytes: (figures.peakMiB ?? 200) * 2 ** 20,
    errors,
    errorSamples: errors > 0 ? [`boom ${figures.kibPerStream}`] : [],
    samples: [
      {
        atMs: figures.kibPerStream,
        rssBytes: 1,
        tokensEmitted: 1,
        tokensRead: 1,
        bytesRead: 1,
        phase: 'hold',
      },
    ],
  };
}

const s4 = (results: SlowReaderResult[]): ScenarioResult[] => [
  {
    id: 'S4',
    title: 'S4',
    kind: 'slow-reader',
    load: { streams: 50, tokens: 1, tokensPerSecond: 0 },
    failures: [],
    results,
  },
];

describe('combineSlowReaderRounds', () => {
  it('returns a single round unchanged', () => {
    const only = round({ kibPerStream: 1000 });
    expect(combineSlowReaderRounds([only])).toBe(only);
  });

  it('takes the median memory, totals the counts and keeps the rounds', () => {
    const rounds = [
      round({ kibPerStream: 1700, peakMiB: 210 }),
      round({ kibPerStream: 1300, errors: 1 }),
      round({ kibPerStream: 1400, peakMiB: 190 }),
    ];
    const row = combineSlowReaderRounds(rounds);
    expect(row.rssPerStreamBytes).toBe(1400 * 1024);
    expect(row.streamsOk).toBe(149);
    expect(row.streamsTotal).toBe(150);
    expect(row.errors).toBe(1);
    expect(row.errorSamples).toEqual(['boom 1300']);
    expect(row.peakRssBytes).toBe(210 * 2 ** 20);
    expect(row.samples).toBe(rounds[0]?.samples);
    expect(row.rounds?.map((each) => each.rssPerStreamBytes)).toEqual([
      1700 * 1024,
      1300 * 1024,
      1400 * 1024,
    ]);
  });

  it('is flat, and filled, only if every round was', () => {
    const flat = [round({ kibPerStream: 1 }), round({ kibPerStream: 2 })];
    expect(combineSlowReaderRounds(flat).isFlat).toBe(true);
    const oneGrew = [...flat, round({ kibPerStream: 3, isFlat: false, hasFilled: false })];
    expect(combineSlowReaderRounds(oneGrew).isFlat).toBe(false);
    expect(combineSlowReaderRounds(oneGrew).hasFilled).toBe(false);
  });

  it('lets S4 be judged on the median of the per-round ratios', () => {
    // Round 1 alone (1.7×) would miss; rounds 2 and 3 (1.3×, 1.4×) meet, and so does the median.
    const tokenwire = combineSlowReaderRounds([
      round({ kibPerStream: 1700 }),
      round({ kibPerStream: 1300 }),
      round({ kibPerStream: 1400 }),
    ]);
    const nodePipe = combineSlowReaderRounds(
      [1000, 1000, 1000].map((kibPerStream) => round({ kibPerStream }, 'node-pipe')),
    );
    const verdict = evaluateTargets(s4([nodePipe, tokenwire])).find(
      (each) => each.scenario === 'S4' && /RSS per open stream/.test(each.target),
    );
    expect(verdict?.status).toBe('met');
    expect(verdict?.measured).toMatch(/median of 3 rounds: 1\.70×, 1\.30×, 1\.40×/);
    const single = evaluateTargets(
      s4([round({ kibPerStream: 1000 }, 'node-pipe'), round({ kibPerStream: 1700 })]),
    ).find((each) => each.scenario === 'S4' && /RSS per open stream/.test(each.target));
    expect(single?.status).toBe('missed');
  });
});
