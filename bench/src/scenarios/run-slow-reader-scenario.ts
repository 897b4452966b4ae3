import { setTimeout as delay } from 'node:timers/promises';
import { startLoad } from '../client/start-load.js';
import type { SlowReaderResult, SlowReaderSample } from '../report/slow-reader-result.js';
import { summarizeSlowReader } from '../report/summarize-slow-reader.js';
import { median } from '../stats/median.js';
import { startSystem } from '../systems/start-system.js';
import type { SystemDefinition } from '../systems/system-definition.js';
import type { BenchContext } from './bench-context.js';
import { createTarget } from './create-target.js';
import { isBacklogSteady } from './is-backlog-steady.js';
import type { Scenario } from './scenario.js';

const BASELINE_SAMPLES = 5;

/**
 * S4 for one system: after a warm-up, open slow readers on endless full-speed streams and sample
 * the system's RSS and how far the upstream is ahead of the readers. Once that backlog stops
 * growing (every buffer on the way is full, so backpressure has reached the upstream), memory
 * is watched for `holdMs`; then every reader closes, which also exercises cancellation under
 * backpressure.
 *
 * @example
 * const result = await runSlowReaderScenario(scenario, systems.tokenwire, context);
 */
export async function runSlowReaderScenario(
  scenario: Scenario,
  definition: SystemDefinition,
  context: BenchContext,
): Promise<SlowReaderResult> {
  const reader = scenario.slowReader;
  if (!reader) throw new Error(`${scenario.id} has no slowReader settings`);
  const system = await startSystem(definition, {
    upstreamUrl: context.upstream.url,
    core: context.serverCore,
    nodeFlags: context.systemFlags,
    ...(context.profileDirectory
      ? {
          profile: {
            directory: context.profileDirectory,
            name: `${scenario.id}-${definition.name}`,
          },
        }
      : {}),
  });
  const target = createTarget(definition, system.origin);
  try {
    const warmup = await startLoad(context.upstream, target, scenario.warmup, {
      timeoutMs: scenario.timeoutMs,
    }).finished;
    await delay(300);
    const baseline: number[] = [];
    for (let index = 0; index < BASELINE_SAMPLES; index++) {
      baseline.push(system.usage()?.rssBytes ?? Number.NaN);
      await delay(60);
    }
    const controller = new AbortController();
    const load = startLoad(context.upstream, target, scenario.load, {
      timeoutMs: reader.maxFillMs + reader.holdMs + scenario.timeoutMs,
      readBytesPerSecond: reader.bytesPerSecond,
      signal: controller.signal,
      isRecording: false,
    });
    const streams = load.plans.length;
    const tokenBytes = scenario.load.tokenBytes ?? 8;
    const samples: SlowReaderSample[] = [];
    const startedAt = performance.now();
    let holdFrom: number | undefined;
    for (;;) {
      await delay(reader.sampleEveryMs);
      const usage = system.usage();
      if (!usage) break;
      const atMs = performance.now() - startedAt;
      let emitted = 0;
      let read = 0;
      let bytesRead = 0;
      for (const plan of load.plans) emitted += plan.emitted;
      for (const outcome of load.outcomes) {
        read += outcome.received;
        bytesRead += outcome.bodyBytes;
      }
      samples.push({
        atMs,
        rssBytes: usage.rssBytes,
        tokensEmitted: emitted / streams,
        tokensRead: read / streams,
        bytesRead,
        phase: holdFrom === undefined ? 'fill' : 'hold',
      });
      if (holdFrom === undefined) {
        const isSteady = isBacklogSteady(samples, {
          windowMs: 1000,
          slackTokens: reader.bytesPerSecond / tokenBytes,
        });
        if (isSteady || atMs >= reader.maxFillMs) holdFrom = atMs;
      } else if (atMs - holdFrom >= reader.holdMs) {
        break;
      }
    }
    const peakRssBytes = system.usage()?.peakRssBytes ?? Number.NaN;
    controller.abort('stop');
    const outcomes = await load.finished;
    const result = summarizeSlowReader(definition.name, {
      baselineRssBytes: median(baseline),
      maxFillMs: reader.maxFillMs,
      samples,
      outcomes,
      peakRssBytes,
    });
    const failedWarmups = warmup.filter((outcome) => !outcome.isOk);
    if (failedWarmups.length > 0) {
      result.errors += failedWarmups.length;
      result.errorSamples.push(`warm-up: ${failedWarmups[0]?.error}`);
    }
    return result;
  } finally {
    target.agent.destroy();
    await system.stop();
  }
}
