import type { RunningNginx } from '@tokenwire/testing';
import { startLoad } from '../client/start-load.js';
import { startFrontNginx } from '../nginx/start-front-nginx.js';
import { cpuSecondsBetween } from '../proc/cpu-seconds-between.js';
import { measureInterference } from '../proc/measure-interference.js';
import { takeCpuSnapshot } from '../proc/take-cpu-snapshot.js';
import { watchBusiestSecond } from '../proc/watch-busiest-second.js';
import { watchLoadLoop } from '../proc/watch-load-loop.js';
import type { LoadResult } from '../report/load-result.js';
import { summarizeLoad } from '../report/summarize-load.js';
import { startSystem } from '../systems/start-system.js';
import type { SystemDefinition } from '../systems/system-definition.js';
import { withEnv } from '../systems/with-env.js';
import { startDistantUpstream } from '../upstream/start-distant-upstream.js';
import type { Upstream } from '../upstream/start-upstream.js';
import type { BenchContext } from './bench-context.js';
import { createTarget } from './create-target.js';
import type { Scenario } from './scenario.js';

/**
 * One system through one load scenario, on a fresh process: start it (pinned), warm it up
 * unmeasured, read its CPU time, run the load (`repeat` times), read again, stop it. A fresh
 * process per scenario makes VmHWM that scenario's peak. With `upstreamDelayMs` (S9) the system
 * gets a distant upstream of its own, over TLS, instead of the bench's.
 *
 * @example
 * const row = await runLoadScenario(scenario, systems.tokenwire, context);
 */
export async function runLoadScenario(
  scenario: Scenario,
  definition: SystemDefinition,
  context: BenchContext,
): Promise<LoadResult> {
  if (scenario.upstreamDelayMs === undefined) {
    return runAgainst(scenario, definition, context, context.upstream);
  }
  // A distant upstream of its own per system and round: no TLS session or pooled connection
  // carries over from one measurement to the next.
  const upstream = await startDistantUpstream({ delayMs: scenario.upstreamDelayMs });
  try {
    return await runAgainst(
      scenario,
      withEnv(definition, { NODE_EXTRA_CA_CERTS: upstream.caFile }),
      context,
      upstream,
    );
  } finally {
    await upstream.close();
  }
}

async function runAgainst(
  scenario: Scenario,
  definition: SystemDefinition,
  context: BenchContext,
  upstream: Upstream,
): Promise<LoadResult> {
  const system = await startSystem(definition, {
    upstreamUrl: upstream.url,
    core: context.serverCore,
    nodeFlags: context.systemFlags,
    ...(context.profileDirectory && definition.process
      ? {
          profile: {
            directory: context.profileDirectory,
            name: `${scenario.id}-${definition.name}`,
          },
        }
      : {}),
  });
  let nginx: RunningNginx | undefined;
  try {
    if (scenario.isBehindNginx) {
      nginx = await startFrontNginx({
        templatePath: context.nginxTemplatePath,
        apiUpstream: new URL(system.origin).host,
        core: context.serverCore,
      });
    }
    const target = createTarget(definition, nginx?.url ?? system.origin);
    try {
      const warmup = await startLoad(upstream, target, scenario.warmup, {
        timeoutMs: scenario.timeoutMs,
      }).finished;
      const watched = () => [
        [process.pid],
        system.pid === undefined ? [] : [system.pid],
        nginx?.pids() ?? [],
      ];
      const cpuBefore = takeCpuSnapshot(watched());
      const before = system.usage();
      const loadLoop = watchLoadLoop();
      const busiest = watchBusiestSecond([context.loadCore, context.serverCore]);
      const speedWindow = context.coreSpeed?.window();
      const outcomes = [];
      for (let run = 0; run < scenario.repeat; run++) {
        outcomes.push(
          ...(await startLoad(upstream, target, scenario.load, {
            timeoutMs: scenario.timeoutMs,
          }).finished),
        );
      }
      const loadLoopFigures = loadLoop.stop();
      const peaks = busiest.stop();
      const speeds = speedWindow?.end();
      const after = system.usage();
      const cpuAfter = takeCpuSnapshot(watched());
      const result = summarizeLoad(
        definition.name,
        outcomes,
        before && after
          ? {
              cpuSeconds: cpuSecondsBetween(before, after),
              loopCpuSeconds:
                before.mainThreadCpuSeconds === undefined ||
                after.mainThreadCpuSeconds === undefined
                  ? undefined
                  : after.mainThreadCpuSeconds - before.mainThreadCpuSeconds,
              peakRssBytes: after.peakRssBytes,
              baselineRssBytes: before.rssBytes,
            }
          : undefined,
      );
      result.interference = measureInterference(cpuBefore, cpuAfter, {
        loadCore: context.loadCore,
        serverCore: context.serverCore,
      });
      result.loadLoop = loadLoopFigures;
      result.busiestSecond = {
        loadCorePercent: peaks.get(context.loadCore) ?? Number.NaN,
        serverCorePercent: peaks.get(context.serverCore) ?? Number.NaN,
      };
      if (speeds) {
        result.coreSpeed = {
          loadCoreUnitMicros: speeds.get(context.loadCore) ?? Number.NaN,
          serverCoreUnitMicros: speeds.get(context.serverCore) ?? Number.NaN,
        };
      }
      const failedWarmups = warmup.filter((outcome) => !outcome.isOk);
      if (failedWarmups.length > 0) {
        result.errors += failedWarmups.length;
        result.errorSamples.push(`warm-up: ${failedWarmups[0]?.error}`);
      }
      if (result.errors > 0 && system.output() !== '') {
        context.log(`${definition.name} output:\n${system.output()}`);
      }
      return result;
    } finally {
      target.agent.destroy();
    }
  } finally {
    await nginx?.close();
    await system.stop();
  }
}
