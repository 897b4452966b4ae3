import type { SystemName } from '../systems/system-definition.js';
import type { ScenarioResult } from './scenario-result.js';

/**
 * Baselines that can be loaded past what they sustain: the SDK-based servers collapse under S7's
 * steady arrivals (openai-readable delivered 6,000–9,000 of 15,000 tokens/s, and in one run its
 * listen queue reset 96 new connections). Their dropped streams are a measurement of them, shown
 * in their row, not a fault of the run.
 */
const MAY_COLLAPSE: ReadonlySet<SystemName> = new Set(['sdk-pipe', 'openai-readable']);

/** What went wrong in a run: `problems` fail it; `notes` are baselines that collapsed. */
export interface RunProblems {
  problems: string[];
  notes: string[];
}

/**
 * Sorts a run's failures. A system that could not be measured, a stream that failed on the
 * physical limit, the Node hop or tokenwire, or a tokenwire stream in S8 that neither completed
 * nor was refused cleanly, is a problem (the bench exits 1). Streams a collapsing baseline
 * dropped, and S8's failures of systems other than tokenwire (what S8 shows), are not.
 *
 * @example
 * const { problems, notes } = collectProblems(results);
 * if (problems.length > 0) process.exitCode = 1;
 */
export function collectProblems(scenarios: readonly ScenarioResult[]): RunProblems {
  const problems: string[] = [];
  const notes: string[] = [];
  for (const scenario of scenarios) {
    for (const failure of scenario.failures) {
      problems.push(`${scenario.id} ${failure.system}: ${failure.error}`);
    }
    if (scenario.kind === 'refusal') {
      for (const result of scenario.results) {
        if (result.system === 'tokenwire' && result.failed > 0) {
          problems.push(
            `${scenario.id} tokenwire: ${result.failed} streams neither completed nor were refused cleanly (${result.failureSamples.join('; ')})`,
          );
        }
      }
      continue;
    }
    for (const result of scenario.results) {
      if (result.errors === 0) continue;
      const line = `${scenario.id} ${result.system}: ${result.errors} failed streams (${result.errorSamples.join('; ')})`;
      if (MAY_COLLAPSE.has(result.system)) notes.push(line);
      else problems.push(line);
    }
  }
  return { problems, notes };
}
