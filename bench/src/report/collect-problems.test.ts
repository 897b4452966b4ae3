import { describe, expect, it } from 'vitest';
import type { SystemName } from '../systems/system-definition.js';
import { collectProblems } from './collect-problems.js';
import type { LoadResult } from './load-result.js';
import type { RefusalResult } from './refusal-result.js';
import type { ScenarioResult } from './scenario-result.js';

// collectProblems reads a row's system and errors only; the other figures do not matter here.
const row = (system: SystemName, errors: number) =>
  ({ system, errors, errorSamples: errors > 0 ? ['read ECONNRESET'] : [] }) as LoadResult;

const load = (results: LoadResult[]): ScenarioResult => ({
  id: 'S7',
  title: 'S7',
  kind: 'load',
  load: { streams: 3000, arrivalsPerSecond: 200, tokens: 100, tokensPerSecond: 20 },
  failures: [],
  results,
});

describe('collectProblems', () => {
  it('fails the run on streams the physical limit, the Node hop or tokenwire dropped', () => {
    for (const system of ['direct', 'node-pipe', 'tokenwire'] as const) {
      const { problems, notes } = collectProblems([load([row(system, 3)])]);
      expect(problems).toEqual([`S7 ${system}: 3 failed streams (read ECONNRESET)`]);
      expect(notes).toEqual([]);
    }
  });

  it('notes, without failing the run, streams an SDK-based baseline dropped past its capacity', () => {
    const { problems, notes } = collectProblems([
      load([
        row('node-pipe', 0),
        row('sdk-pipe', 2),
        row('openai-readable', 96),
        row('tokenwire', 0),
      ]),
    ]);
    expect(problems).toEqual([]);
    expect(notes).toEqual([
      'S7 sdk-pipe: 2 failed streams (read ECONNRESET)',
      'S7 openai-readable: 96 failed streams (read ECONNRESET)',
    ]);
  });

  it('fails the run when a system could not be measured, whichever it is', () => {
    const scenario = {
      ...load([]),
      failures: [{ system: 'openai-readable' as const, error: 'did not start' }],
    };
    expect(collectProblems([scenario]).problems).toEqual(['S7 openai-readable: did not start']);
  });

  it("in S8, fails the run only on tokenwire's streams that were neither completed nor refused cleanly", () => {
    const refusal = (system: SystemName, failed: number) =>
      ({ system, failed, failureSamples: failed > 0 ? ['status 502'] : [] }) as RefusalResult;
    const s8 = (results: RefusalResult[]): ScenarioResult => ({
      id: 'S8',
      title: 'S8',
      kind: 'refusal',
      load: { streams: 600, tokens: 10, tokensPerSecond: 5 },
      failures: [],
      results,
    });
    expect(collectProblems([s8([refusal('node-pipe', 99), refusal('tokenwire', 0)])])).toEqual({
      problems: [],
      notes: [],
    });
    expect(collectProblems([s8([refusal('tokenwire', 1)])]).problems).toEqual([
      'S8 tokenwire: 1 streams neither completed nor were refused cleanly (status 502)',
    ]);
  });
});
