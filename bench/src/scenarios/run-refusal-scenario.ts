import { spawnSync } from 'node:child_process';
import { startLoad } from '../client/start-load.js';
import type { RefusalResult } from '../report/refusal-result.js';
import { summarizeRefusals } from '../report/summarize-refusals.js';
import { startSystem } from '../systems/start-system.js';
import type { SystemDefinition } from '../systems/system-definition.js';
import type { BenchContext } from './bench-context.js';
import { createTarget } from './create-target.js';
import type { Scenario } from './scenario.js';

/**
 * S8 for one system: started under a low open-file limit, warmed up with a few streams, then
 * offered more streams at once than two sockets each leave room for. Every outcome is sorted
 * into completed, cleanly refused and failed ({@link summarizeRefusals}).
 *
 * @example
 * const row = await runRefusalScenario(scenario, systems.tokenwire, context);
 */
export async function runRefusalScenario(
  scenario: Scenario,
  definition: SystemDefinition,
  context: BenchContext,
): Promise<RefusalResult> {
  const openFileLimit = scenario.openFileLimit;
  if (openFileLimit === undefined) throw new Error(`${scenario.id} has no openFileLimit`);
  if (spawnSync('prlimit', ['--version']).error !== undefined) {
    throw new Error(
      `${scenario.id} needs prlimit to lower the open-file limit: apt-get install util-linux`,
    );
  }
  const system = await startSystem(definition, {
    upstreamUrl: context.upstream.url,
    core: context.serverCore,
    nodeFlags: context.systemFlags,
    openFileLimit,
  });
  try {
    const target = createTarget(definition, system.origin);
    try {
      await startLoad(context.upstream, target, scenario.warmup, {
        timeoutMs: scenario.timeoutMs,
      }).finished;
      const outcomes = await startLoad(context.upstream, target, scenario.load, {
        timeoutMs: scenario.timeoutMs,
      }).finished;
      return summarizeRefusals(definition.name, openFileLimit, outcomes);
    } finally {
      target.agent.destroy();
    }
  } finally {
    await system.stop();
  }
}
