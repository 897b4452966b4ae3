import { describe, expect, it } from 'vitest';
import type { StreamOutcome } from '../client/start-stream.js';
import { isBacklogSteady } from '../scenarios/is-backlog-steady.js';
import type { SlowReaderSample } from './slow-reader-result.js';
import { FLAT_TOLERANCE_BYTES, summarizeSlowReader } from './summarize-slow-reader.js';

const MIB = 1024 * 1024;

/** Samples every 200 ms: the backlog fills for `fillMs`, then RSS follows `rssAt`. */
function run(options: { fillMs: number; endMs: number; rssAt: (atMs: number) => number }) {
  const samples: SlowReaderSample[] = [];
  for (let atMs = 200; atMs <= options.endMs; atMs += 200) {
    const isFull = atMs >= options.fillMs;
    samples.push({
      atMs,
      rssBytes: options.rssAt(atMs),
      tokensEmitted: (isFull ? 2000 : (2000 * atMs) / options.fillMs) + atMs / 100,
      tokensRead: atMs / 100,
      bytesRead: atMs * 3 * 1024,
      phase: isFull ? 'hold' : 'fill',
    });
  }
  return samples;
}

const outcomes = (count: number) =>
  Array.from({ length: count }, () => ({ isOk: true, error: undefined }) as StreamOutcome);

describe('summarizeSlowReader', () => {
  it('charges the memory held once full to each open stream', () => {
    const samples = run({
      fillMs: 2000,
      endMs: 8000,
      rssAt: (atMs) => (atMs < 2000 ? 60 : 110) * MIB,
    });
    const result = summarizeSlowReader('node-pipe', {
      baselineRssBytes: 60 * MIB,
      maxFillMs: 25_000,
      samples,
      outcomes: outcomes(50),
      peakRssBytes: 110 * MIB,
    });
    expect(result.rssPerStreamBytes).toBeCloseTo(MIB, 0);
    expect(result.fillMs).toBe(2000);
    expect(result.hasFilled).toBe(true);
    expect(result.isFlat).toBe(true);
  });

  it('calls a server that keeps growing once every buffer is full not flat', () => {
    // 3 MiB/s: 50 readers at 64 KiB/s whose frames the server keeps.
    const samples = run({ fillMs: 2000, endMs: 8000, rssAt: (atMs) => 60 * MIB + atMs * 3 * 1024 });
    const result = summarizeSlowReader('tokenwire', {
      baselineRssBytes: 60 * MIB,
      maxFillMs: 25_000,
      samples,
      outcomes: outcomes(50),
      peakRssBytes: 90 * MIB,
    });
    expect(result.growthBytes).toBeGreaterThan(FLAT_TOLERANCE_BYTES);
    expect(result.keptFraction).toBeCloseTo(1, 5);
    expect(result.isFlat).toBe(false);
  });

  it('forgives growth that is a small share of heavy traffic (garbage between GCs)', () => {
    // 20 MiB of growth while the readers took ~560 MiB: 4%.
    const samples = run({
      fillMs: 2000,
      endMs: 8000,
      rssAt: (atMs) => (atMs < 5000 ? 100 : 120) * MIB,
    }).map((sample) => ({ ...sample, bytesRead: sample.bytesRead * 40 }));
    const result = summarizeSlowReader('node-pipe', {
      baselineRssBytes: 60 * MIB,
      maxFillMs: 25_000,
      samples,
      outcomes: outcomes(50),
      peakRssBytes: 120 * MIB,
    });
    expect(result.growthBytes).toBeGreaterThan(FLAT_TOLERANCE_BYTES);
    expect(result.keptFraction).toBeLessThan(0.1);
    expect(result.isFlat).toBe(true);
  });

  it('counts failed streams and keeps their distinct reasons', () => {
    const failed = [
      ...outcomes(2),
      { isOk: false, error: 'stopped before any token arrived' } as StreamOutcome,
      { isOk: false, error: 'stopped before any token arrived' } as StreamOutcome,
    ];
    const result = summarizeSlowReader('tokenwire', {
      baselineRssBytes: 0,
      maxFillMs: 25_000,
      samples: run({ fillMs: 1000, endMs: 3000, rssAt: () => MIB }),
      outcomes: failed,
      peakRssBytes: MIB,
    });
    expect(result.errors).toBe(2);
    expect(result.errorSamples).toEqual(['stopped before any token arrived']);
  });
});

describe('isBacklogSteady', () => {
  const sample = (atMs: number, backlog: number): SlowReaderSample => ({
    atMs,
    rssBytes: 0,
    tokensEmitted: backlog + atMs / 100,
    tokensRead: atMs / 100,
    bytesRead: 0,
    phase: 'fill',
  });

  it('is false while the backlog still grows', () => {
    const samples = [0, 250, 500, 750, 1000, 1250].map((atMs) => sample(atMs, atMs * 2));
    expect(isBacklogSteady(samples, { windowMs: 1000, slackTokens: 16 })).toBe(false);
  });

  it('is true once the backlog held still for the whole window', () => {
    const samples = [0, 250, 500, 750, 1000, 1250, 1500, 1750, 2000, 2250].map((atMs) =>
      sample(atMs, Math.min(atMs, 1000) * 2),
    );
    expect(isBacklogSteady(samples, { windowMs: 1000, slackTokens: 16 })).toBe(true);
  });

  it('is false before a whole window has been seen', () => {
    expect(
      isBacklogSteady([sample(250, 10), sample(500, 10)], { windowMs: 1000, slackTokens: 16 }),
    ).toBe(false);
  });
});
