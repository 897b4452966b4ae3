import type { LoadResult } from '../report/load-result.js';
import { noiseScore } from '../report/noise-score.js';
import type { ScenarioResult, SystemFailure } from '../report/scenario-result.js';
import type { SlowReaderResult } from '../report/slow-reader-result.js';
import type { SystemDefinition } from '../systems/system-definition.js';
import type { BenchContext } from './bench-context.js';
import { runLoadScenario } from './run-load-scenario.js';
import { runSlowReaderScenario } from './run-slow-reader-scenario.js';
import type { Scenario } from './scenario.js';

/**
 * Runs one scenario for each system in turn (never two at once: the server core is theirs alone).
 * A measurement that other processes on the machine disturbed (see {@link noiseScore}) is taken
 * again, up to `maxAttempts` and while the run's retry budget lasts, keeping the quietest. A
 * system that cannot be measured is recorded as a failure and the others still run.
 *
 * @example
 * const result = await runScenario(scenario, [systems['node-pipe'], systems.tokenwire], context);
 */
export async function runScenario(
  scenario: Scenario,
  definitions: readonly SystemDefinition[],
  context: BenchContext,
): Promise<ScenarioResult> {
  const failures: SystemFailure[] = [];
  const base = { id: scenario.id, title: scenario.title, load: scenario.load, failures };
  if (scenario.kind === 'slow-reader') {
    const results: SlowReaderResult[] = [];
    for (const definition of definitions) {
      try {
        results.push(await runSlowReaderScenario(scenario, definition, context));
      } catch (error) {
        failures.push({
          system: definition.name,
          error: String((error as Error).message ?? error),
        });
      }
    }
    return { ...base, kind: 'slow-reader', results };
  }
  const results: LoadResult[] = [];
  for (const definition of definitions) {
    try {
      let best: LoadResult | undefined;
      const noise = (result: LoadResult) =>
        noiseScore(result.interference, { hasServerProcess: definition.process !== undefined });
      for (let attempt = 1; ; attempt++) {
        const result = await runLoadScenario(scenario, definition, context);
        result.attempts = attempt;
        if (!best || noise(result).score < noise(best).score) {
          best = { ...result, attempts: attempt };
        }
        const { isQuiet } = noise(result);
        if (
          isQuiet ||
          attempt >= context.maxAttempts ||
          performance.now() > context.retryDeadline
        ) {
          best.attempts = attempt;
          break;
        }
        context.log(
          `${scenario.id} ${definition.name}: other processes took ${result.interference?.loadCoreOtherPercent.toFixed(0)}%/${result.interference?.serverCoreOtherPercent.toFixed(0)}% of cores 0/1, measuring again`,
        );
      }
      results.push(best);
    } catch (error) {
      failures.push({ system: definition.name, error: String((error as Error).message ?? error) });
    }
  }
  return { ...base, kind: 'load', results };
}
