import { describe, expect, it } from 'vitest';
import type { CoreSpeed } from '../report/core-slowdown.js';
import type { LoadResult } from '../report/load-result.js';
import { summarize } from '../stats/summarize.js';
import type { SystemDefinition } from '../systems/system-definition.js';
import type { BenchContext } from './bench-context.js';
import { measureQuietest } from './measure-quietest.js';
import type { Scenario } from './scenario.js';

const scenario = { id: 'S6' } as Scenario;
const tokenwire: SystemDefinition = {
  name: 'tokenwire',
  framing: 'tokenwire',
  path: '/api/chat',
  body: () => '{}',
  process: { script: 'main.js', env: () => ({}) },
};

function measurement(figures: { cpu: number; speed: CoreSpeed; others?: number }): LoadResult {
  return {
    system: 'tokenwire',
    streamsOk: 1,
    streamsTotal: 1,
    tokensExpected: 1,
    tokensDelivered: 1,
    latencyMs: summarize([1]),
    ttftMs: summarize([1]),
    tokensPerSecond: 1,
    wireBytesPerToken: 1,
    cpuSecondsPer1000Tokens: figures.cpu,
    loopCpuSecondsPer1000Tokens: figures.cpu,
    peakRssBytes: 1,
    baselineRssBytes: 1,
    peakOpenStreams: 1,
    rssPerOpenStreamBytes: 0,
    attempts: 1,
    interference: {
      loadProcessPercent: 50,
      loadCoreOtherPercent: 0,
      serverCoreOtherPercent: figures.others ?? 0,
    },
    loadLoop: undefined,
    coreSpeed: figures.speed,
    errors: 0,
    errorSamples: [],
  };
}

const full = { loadCoreUnitMicros: 800, serverCoreUnitMicros: 790 };
const slowed = { loadCoreUnitMicros: 800, serverCoreUnitMicros: 1_400 };

/** A context whose fastest reading is 790 µs, and a measure that returns `results` in turn. */
function setUp(results: LoadResult[], options: { maxAttempts?: number; budgetMs?: number } = {}) {
  const logged: string[] = [];
  const waits: { ratio: number; timeoutMs: number; afterMeasurements: number }[] = [];
  let taken = 0;
  const context = {
    maxAttempts: options.maxAttempts ?? 3,
    retryBudget: { remainingMs: options.budgetMs ?? 60_000 },
    coreSpeed: {
      window: () => ({ end: () => new Map() }),
      fastestMicros: () => 790,
      waitForSpeed: async (wait: { ratio: number; timeoutMs: number }) => {
        waits.push({ ...wait, afterMeasurements: taken });
        return true;
      },
      close: async () => {},
    },
    log: (line: string) => logged.push(line),
  } as unknown as BenchContext;
  const measure = async () => {
    const result = results[taken++];
    if (!result) throw new Error('measured more often than expected');
    return result;
  };
  return { context, logged, waits, measure, taken: () => taken };
}

describe('measureQuietest', () => {
  it('keeps a quiet measurement at full speed without measuring again', async () => {
    const { context, measure, taken } = setUp([measurement({ cpu: 0.07, speed: full })]);
    const row = await measureQuietest(scenario, tokenwire, context, measure);
    expect(row.cpuSecondsPer1000Tokens).toBe(0.07);
    expect(row.attempts).toBe(1);
    expect(taken()).toBe(1);
  });

  it('waits for full speed after a slow spell, measures again, and keeps the measurement at full speed', async () => {
    const { context, logged, waits, measure } = setUp([
      measurement({ cpu: 0.1, speed: slowed }),
      measurement({ cpu: 0.07, speed: full, others: 10 }),
    ]);
    const row = await measureQuietest(scenario, tokenwire, context, measure);
    expect(row.cpuSecondsPer1000Tokens).toBe(0.07);
    expect(row.attempts).toBe(2);
    expect(waits).toEqual([{ ratio: 1.25, timeoutMs: 60_000, afterMeasurements: 1 }]);
    expect(logged).toEqual([
      expect.stringMatching(/S6 tokenwire: a core ran 1\.77× slower.*800\/1400 µs.*at full speed/),
    ]);
  });

  it('prefers a slowed quiet measurement to none at full speed only when all were slowed', async () => {
    const { context, measure } = setUp([
      measurement({ cpu: 0.1, speed: slowed, others: 20 }),
      measurement({ cpu: 0.09, speed: slowed }),
      measurement({ cpu: 0.11, speed: { ...slowed, loadCoreUnitMicros: 1_300 } }),
    ]);
    const row = await measureQuietest(scenario, tokenwire, context, measure);
    expect(row.cpuSecondsPer1000Tokens).toBe(0.09);
    expect(row.attempts).toBe(3);
  });

  it('measures again at once, without waiting, when other processes disturbed it', async () => {
    const { context, waits, measure } = setUp([
      measurement({ cpu: 0.1, speed: full, others: 40 }),
      measurement({ cpu: 0.07, speed: full }),
    ]);
    const row = await measureQuietest(scenario, tokenwire, context, measure);
    expect(row.cpuSecondsPer1000Tokens).toBe(0.07);
    expect(waits).toEqual([]);
  });

  it('stops measuring again when the run has no retry budget left', async () => {
    const { context, measure, taken } = setUp(
      [measurement({ cpu: 0.1, speed: slowed }), measurement({ cpu: 0.1, speed: slowed })],
      { budgetMs: 0 },
    );
    const row = await measureQuietest(scenario, tokenwire, context, measure);
    expect(row.attempts).toBe(1);
    expect(taken()).toBe(1);
  });

  it('does not retake a system the targets do not compare for a slow spell', async () => {
    const readable: SystemDefinition = { ...tokenwire, name: 'openai-readable' };
    const { context, taken, measure } = setUp([measurement({ cpu: 0.1, speed: slowed })]);
    await measureQuietest(scenario, readable, context, measure);
    expect(taken()).toBe(1);
  });
});
