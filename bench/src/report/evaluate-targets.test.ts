import { describe, expect, it } from 'vitest';
import { summarize } from '../stats/summarize.js';
import type { SystemName } from '../systems/system-definition.js';
import { combineRounds } from './combine-rounds.js';
import { evaluateTargets } from './evaluate-targets.js';
import type { LoadResult } from './load-result.js';
import type { RefusalResult } from './refusal-result.js';
import type { ScenarioResult } from './scenario-result.js';

function row(
  system: SystemName,
  figures: { cpu: number; p99: number; ttftP50?: number; ttftP99?: number; errors?: number },
): LoadResult {
  return {
    system,
    streamsOk: 100 - (figures.errors ?? 0),
    streamsTotal: 100,
    tokensExpected: 20_000,
    tokensDelivered: 20_000 - (figures.errors ?? 0) * 200,
    latencyMs: { ...summarize([1]), p99: figures.p99 },
    ttftMs: { ...summarize([1]), p50: figures.ttftP50 ?? 1, p99: figures.ttftP99 ?? 100 },
    tokensPerSecond: 5000,
    wireBytesPerToken: 60,
    cpuSecondsPer1000Tokens: figures.cpu,
    loopCpuSecondsPer1000Tokens: null,
    peakRssBytes: 1,
    baselineRssBytes: 1,
    peakOpenStreams: 100,
    rssPerOpenStreamBytes: 0,
    attempts: 1,
    interference: undefined,
    loadLoop: undefined,
    errors: figures.errors ?? 0,
    errorSamples: [],
  };
}

const load = (
  id: 'S2' | 'S3' | 'S5' | 'S6' | 'S7' | 'S9',
  results: LoadResult[],
): ScenarioResult => ({
  id,
  title: id,
  kind: 'load',
  load: { streams: 100, tokens: 200, tokensPerSecond: 50 },
  failures: [],
  results,
});

const status = (scenarios: ScenarioResult[], scenario: string, target: RegExp) =>
  evaluateTargets(scenarios).find(
    (verdict) => verdict.scenario === scenario && target.test(verdict.target),
  )?.status;

describe('evaluateTargets', () => {
  it('meets S8 only when every stream completed or was refused cleanly, some refused', () => {
    const s8 = (tokenwire: Partial<RefusalResult>): ScenarioResult[] => [
      {
        id: 'S8',
        title: 'S8',
        kind: 'refusal',
        load: { streams: 600, tokens: 10, tokensPerSecond: 5 },
        failures: [],
        results: [
          {
            system: 'tokenwire',
            openFileLimit: 1024,
            offered: 600,
            completed: 384,
            refused: 216,
            failed: 0,
            refusalMs: { p50: 5, max: 9 },
            failureSamples: [],
            ...tokenwire,
          },
        ],
      },
    ];
    expect(status(s8({}), 'S8', /refusal/)).toBe('met');
    expect(status(s8({ refused: 215, failed: 1 }), 'S8', /refusal/)).toBe('missed');
    // Nothing refused: the cap was never reached, so the run showed nothing.
    expect(status(s8({ completed: 600, refused: 0 }), 'S8', /refusal/)).toBe('missed');
    expect(status([], 'S8', /refusal/)).toBe('n/a');
  });

  it('judges S6 memory by RSS per open stream and the 1 GB bound by peak RSS', () => {
    const at = (rssPerOpen: number, peak: number) => [
      load('S6', [
        { ...row('node-pipe', { cpu: 0.05, p99: 1 }), rssPerOpenStreamBytes: 20_000 },
        {
          ...row('tokenwire', { cpu: 0.05, p99: 1 }),
          rssPerOpenStreamBytes: rssPerOpen,
          peakRssBytes: peak,
        },
      ]),
    ];
    expect(status(at(30_000, 5e8), 'S6', /RSS per open stream/)).toBe('met');
    expect(status(at(30_001, 5e8), 'S6', /RSS per open stream/)).toBe('missed');
    expect(status(at(30_000, 5e8), 'S6', /1 GB/)).toBe('met');
    expect(status(at(30_000, 1e9), 'S6', /1 GB/)).toBe('missed');
  });

  it('meets S9 when new chats get their first token no later than on node-pipe, p99 within 2×', () => {
    const at = (p50: number, p99: number, errors = 0) => [
      load('S9', [
        row('node-pipe', { cpu: 1, p99: 1, ttftP50: 46, ttftP99: 80 }),
        row('tokenwire', { cpu: 1, p99: 1, ttftP50: p50, ttftP99: p99, errors }),
      ]),
    ];
    expect(status(at(46, 160), 'S9', /TTFT p50/)).toBe('met');
    expect(status(at(46.1, 160), 'S9', /TTFT p50/)).toBe('missed');
    expect(status(at(25, 160), 'S9', /TTFT p99/)).toBe('met');
    expect(status(at(25, 160.1), 'S9', /TTFT p99/)).toBe('missed');
    expect(status(at(25, 60), 'S9', /every stream/)).toBe('met');
    expect(status(at(25, 60, 1), 'S9', /every stream/)).toBe('missed');
    expect(status([], 'S9', /TTFT p50/)).toBe('n/a');
  });

  it('meets S2 CPU at exactly 1.5× node-pipe and misses just above', () => {
    const at = [
      load('S2', [
        row('node-pipe', { cpu: 0.04, p99: 1 }),
        row('tokenwire', { cpu: 0.06, p99: 1 }),
      ]),
    ];
    const above = [
      load('S2', [
        row('node-pipe', { cpu: 0.04, p99: 1 }),
        row('tokenwire', { cpu: 0.0601, p99: 1 }),
      ]),
    ];
    expect(status(at, 'S2', /CPU/)).toBe('met');
    expect(status(above, 'S2', /CPU/)).toBe('missed');
  });

  it('judges rounds by the median of their paired ratios, not by the ratio of medians', () => {
    // Round by round tokenwire is 1.4×, 1.4× and 3× node-pipe: the median ratio is 1.4×, met,
    // although the medians of the two columns (0.07 vs 0.04) would give 1.75×.
    const nodePipe = combineRounds([
      row('node-pipe', { cpu: 0.05, p99: 1 }),
      row('node-pipe', { cpu: 0.04, p99: 1 }),
      row('node-pipe', { cpu: 0.01, p99: 1 }),
    ]);
    const tokenwire = combineRounds([
      row('tokenwire', { cpu: 0.07, p99: 1 }),
      row('tokenwire', { cpu: 0.056, p99: 1 }),
      row('tokenwire', { cpu: 0.03, p99: 1 }),
    ]);
    const verdict = evaluateTargets([load('S2', [nodePipe, tokenwire])]).find((each) =>
      /CPU/.test(each.target),
    );
    expect(verdict?.status).toBe('met');
    expect(verdict?.measured).toMatch(/^1\.40× \(median of 3 rounds: 1\.40×, 1\.40×, 3\.00×;/);
  });

  it('misses S3 completion when one stream failed, whatever the ratios', () => {
    const scenarios = [
      load('S3', [
        row('node-pipe', { cpu: 1, p99: 10 }),
        row('tokenwire', { cpu: 1, p99: 10, errors: 1 }),
      ]),
    ];
    expect(status(scenarios, 'S3', /completes/)).toBe('missed');
    expect(status(scenarios, 'S3', /TTFT/)).toBe('met');
  });

  it('judges S5 against tokenwire’s own S2 p99 plus 2 ms', () => {
    const s2 = load('S2', [row('tokenwire', { cpu: 1, p99: 5 })]);
    expect(status([s2, load('S5', [row('tokenwire', { cpu: 1, p99: 7 })])], 'S5', /nginx/)).toBe(
      'met',
    );
    expect(status([s2, load('S5', [row('tokenwire', { cpu: 1, p99: 7.5 })])], 'S5', /nginx/)).toBe(
      'missed',
    );
  });

  it('says n/a, not met, when node-pipe was left out of the run', () => {
    const scenarios = [load('S2', [row('tokenwire', { cpu: 0.01, p99: 1 })])];
    expect(status(scenarios, 'S2', /CPU/)).toBe('n/a');
    expect(status(scenarios, 'S4', /flat/)).toBe('n/a');
  });
});
