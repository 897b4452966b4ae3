import { combineRounds } from '../report/combine-rounds.js';
import { combineSlowReaderRounds } from '../report/combine-slow-reader-rounds.js';
import type { RefusalResult } from '../report/refusal-result.js';
import type { ResumeResult } from '../report/resume-result.js';
import type { ScenarioResult, SystemFailure } from '../report/scenario-result.js';
import { COMPARED_SYSTEMS, type SystemDefinition } from '../systems/system-definition.js';
import type { BenchContext } from './bench-context.js';
import { measureQuietest } from './measure-quietest.js';
import { runRefusalScenario } from './run-refusal-scenario.js';
import { runResumeScenario } from './run-resume-scenario.js';
import { runSlowReaderScenario } from './run-slow-reader-scenario.js';
import type { Scenario } from './scenario.js';

/**
 * Runs one scenario for each system in turn (never two at once: the server core is theirs alone).
 * A measurement that other processes on the machine disturbed (see {@link noiseScore}), or that
 * a core's slow spell bent (see {@link coreSlowdown}), is taken again, up to `maxAttempts` and
 * while the run's retry budget lasts, keeping the best. A load
 * or slow-reader scenario with `rounds` > 1 then measures node-pipe and tokenwire again, `rounds`
 * times in all, and each of their rows is the median of its rounds ({@link combineRounds},
 * {@link combineSlowReaderRounds}). A system that
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
    const measured = await measureInRounds(scenario, definitions, failures, context, (definition) =>
      runSlowReaderScenario(scenario, definition, context),
    );
    return {
      ...base,
      kind: 'slow-reader',
      results: [...measured.values()].map(combineSlowReaderRounds),
    };
  }
  const measured = await measureInRounds(scenario, definitions, failures, context, (definition) =>
    measureQuietest(scenario, definition, context),
  );
  return { ...base, kind: 'load', results: [...measured.values()].map(combineRounds) };
}

/**
 * Measures every system once, then node-pipe and tokenwire again until each has `rounds`
 * measurements, in alternating order (tokenwire first, then node-pipe first), so a drift of the
 * machine's speed during the run weighs on both alike. A system that fails is recorded in
 * `failures` and left out of later rounds. The map keeps `definitions` order.
 */
async function measureInRounds<Result>(
  scenario: Scenario,
  definitions: readonly SystemDefinition[],
  failures: SystemFailure[],
  context: BenchContext,
  measure: (definition: SystemDefinition) => Promise<Result>,
): Promise<Map<SystemDefinition, Result[]>> {
  const measured = new Map<SystemDefinition, Result[]>(
    definitions.map((definition) => [definition, []]),
  );
  const compared = definitions.filter((definition) => COMPARED_SYSTEMS.includes(definition.name));
  for (let round = 1; round <= Math.max(1, scenario.rounds); round++) {
    const order = round === 1 ? definitions : round % 2 === 0 ? [...compared].reverse() : compared;
    if (round > 1) context.log(`${scenario.id}: round ${round} of ${scenario.rounds}`);
    for (const definition of order) {
      if (failures.some((failure) => failure.system === definition.name)) continue;
      try {
        measured.get(definition)?.push(await measure(definition));
      } catch (error) {
        failures.push({
          system: definition.name,
          error: String((error as Error).message ?? error),
        });
      }
    }
  }
  for (const [definition, rounds] of measured) {
    if (rounds.length === 0) measured.delete(definition);
  }
  return measured;
}
