import { combineRounds } from '../report/combine-rounds.js';
import type { LoadResult } from '../report/load-result.js';
import { noiseScore } from '../report/noise-score.js';
import type { RefusalResult } from '../report/refusal-result.js';
import type { ResumeResult } from '../report/resume-result.js';
import type { ScenarioResult, SystemFailure } from '../report/scenario-result.js';
import type { SlowReaderResult } from '../report/slow-reader-result.js';
import type { SystemDefinition, SystemName } from '../systems/system-definition.js';
import type { BenchContext } from './bench-context.js';
import { runLoadScenario } from './run-load-scenario.js';
import { runRefusalScenario } from './run-refusal-scenario.js';
import { runResumeScenario } from './run-resume-scenario.js';
import { runSlowReaderScenario } from './run-slow-reader-scenario.js';
import type { Scenario } from './scenario.js';

/**
 * Runs one scenario for each system in turn (never two at once: the server core is theirs alone).
 * A measurement that other processes on the machine disturbed (see {@link noiseScore}) is taken
 * again, up to `maxAttempts` and while the run's retry budget lasts, keeping the quietest. A load
 * scenario with `rounds` > 1 then measures node-pipe and tokenwire again, `rounds` times in all,
 * and each of their rows is the median of its rounds ({@link combineRounds}). A system that
 * cannot be measured is recorded as a failure and the others still run.
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
  if (scenario.kind === 'resume') {
    const results: ResumeResult[] = [];
    for (const definition of definitions) {
      try {
        const measured = await runResumeScenario(scenario, definition, context);
        results.push(...measured.results);
        for (const error of measured.failures) failures.push({ system: definition.name, error });
      } catch (error) {
        failures.push({
          system: definition.name,
          error: String((error as Error).message ?? error),
        });
      }
    }
    return { ...base, kind: 'resume', results };
  }
  if (scenario.kind === 'refusal') {
    const results: RefusalResult[] = [];
    for (const definition of definitions) {
      try {
        results.push(await runRefusalScenario(scenario, definition, context));
      } catch (error) {
        failures.push({
          system: definition.name,
          error: String((error as Error).message ?? error),
        });
      }
    }
    return { ...base, kind: 'refusal', results };
  }
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
  // Round 1 measures every system; further rounds only those the targets compare, in
  // alternating order, so a drift of the machine's speed during the run weighs on both alike.
  const measured = new Map<SystemDefinition, LoadResult[]>();
  for (let round = 1; round <= Math.max(1, scenario.rounds); round++) {
    const compared = definitions.filter((definition) => COMPARED.includes(definition.name));
    const order = round === 1 ? definitions : round % 2 === 0 ? [...compared].reverse() : compared;
    if (round > 1) context.log(`${scenario.id}: round ${round} of ${scenario.rounds}`);
    for (const definition of order) {
      if (failures.some((failure) => failure.system === definition.name)) continue;
      try {
        const result = await measureQuietest(scenario, definition, context);
        measured.set(definition, [...(measured.get(definition) ?? []), result]);
      } catch (error) {
        failures.push({
          system: definition.name,
          error: String((error as Error).message ?? error),
        });
      }
    }
  }
  const results: LoadResult[] = [];
  for (const definition of definitions) {
    const rounds = measured.get(definition);
    if (rounds !== undefined) results.push(combineRounds(rounds));
  }
  return { ...base, kind: 'load', results };
}

/** The systems the targets' ratios compare: measured in every round. */
const COMPARED: readonly SystemName[] = ['node-pipe', 'tokenwire'];

/**
 * Measures a system once, again when other processes disturbed it (up to `maxAttempts` and while
 * the run's retry budget lasts), and keeps the quietest measurement.
 */
async function measureQuietest(
  scenario: Scenario,
  definition: SystemDefinition,
  context: BenchContext,
): Promise<LoadResult> {
  let best: LoadResult | undefined;
  const noise = (result: LoadResult) =>
    noiseScore(result.interference, { hasServerProcess: definition.process !== undefined });
  for (let attempt = 1; ; attempt++) {
    const result = await runLoadScenario(scenario, definition, context);
    result.attempts = attempt;
    if (!best || noise(result).score < noise(best).score) {
      best = { ...result, attempts: attempt };
    }
    if (
      noise(result).isQuiet ||
      attempt >= context.maxAttempts ||
      performance.now() > context.retryDeadline
    ) {
      best.attempts = attempt;
      return best;
    }
    context.log(
      `${scenario.id} ${definition.name}: other processes took ${result.interference?.loadCoreOtherPercent.toFixed(0)}%/${result.interference?.serverCoreOtherPercent.toFixed(0)}% of cores 0/1, measuring again`,
    );
  }
}
