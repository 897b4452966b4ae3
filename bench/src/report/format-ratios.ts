import { formatFigure } from './format-figure.js';
import { formatTable } from './format-table.js';
import { ratio } from './ratio.js';
import type { ScenarioResult } from './scenario-result.js';

/**
 * tokenwire's figures divided by each other system's in the same scenario (below 1× is better for
 * everything but tok/s). Empty when tokenwire did not run.
 *
 * @example
 * console.log(formatRatios(scenarioResult));
 */
export function formatRatios(scenario: ScenarioResult): string {
  if (scenario.kind === 'load') {
    const tokenwire = scenario.results.find((result) => result.system === 'tokenwire');
    if (!tokenwire) return '';
    const others = scenario.results.filter((result) => result.system !== 'tokenwire');
    if (others.length === 0) return '';
    return formatTable(
      [
        'tokenwire ÷',
        'lat p50',
        'lat p99',
        'TTFT p99',
        'tok/s',
        'B/tok',
        'CPU/tok',
        'loop/tok',
        'peak RSS',
      ],
      others.map((other) => [
        other.system,
        formatFigure(ratio(tokenwire.latencyMs.p50, other.latencyMs.p50), 'ratio'),
        formatFigure(ratio(tokenwire.latencyMs.p99, other.latencyMs.p99), 'ratio'),
        formatFigure(ratio(tokenwire.ttftMs.p99, other.ttftMs.p99), 'ratio'),
        formatFigure(ratio(tokenwire.tokensPerSecond, other.tokensPerSecond), 'ratio'),
        formatFigure(ratio(tokenwire.wireBytesPerToken, other.wireBytesPerToken), 'ratio'),
        formatFigure(
          ratio(tokenwire.cpuSecondsPer1000Tokens, other.cpuSecondsPer1000Tokens),
          'ratio',
        ),
        formatFigure(
          ratio(tokenwire.loopCpuSecondsPer1000Tokens, other.loopCpuSecondsPer1000Tokens),
          'ratio',
        ),
        formatFigure(ratio(tokenwire.peakRssBytes, other.peakRssBytes), 'ratio'),
      ]),
    );
  }
  // R1 compares tokenwire with itself (resume on ÷ off): its table carries those ratios.
  if (scenario.kind === 'resume') return '';
  // S8's rows are counts of what became of the streams, read side by side.
  if (scenario.kind === 'refusal') return '';
  const tokenwire = scenario.results.find((result) => result.system === 'tokenwire');
  if (!tokenwire) return '';
  const others = scenario.results.filter((result) => result.system !== 'tokenwire');
  if (others.length === 0) return '';
  return formatTable(
    ['tokenwire ÷', 'RSS/stream', 'RSS open'],
    others.map((other) => [
      other.system,
      formatFigure(ratio(tokenwire.rssPerStreamBytes, other.rssPerStreamBytes), 'ratio'),
      formatFigure(ratio(tokenwire.openRssBytes, other.openRssBytes), 'ratio'),
    ]),
  );
}
