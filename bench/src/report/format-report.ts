import type { MachineDescription } from '../environment/describe-machine.js';
import type { NamedProfileSummary } from '../profile/summarize-profiles.js';
import type { Verdict } from './evaluate-targets.js';
import { formatFigure } from './format-figure.js';
import { formatLoadTable } from './format-load-table.js';
import { formatRatios } from './format-ratios.js';
import { formatRefusalTable } from './format-refusal-table.js';
import { formatResumeTable } from './format-resume-table.js';
import { formatRssTimeline } from './format-rss-timeline.js';
import { formatSlowReaderTable } from './format-slow-reader-table.js';
import { formatTable } from './format-table.js';
import type { ScenarioResult } from './scenario-result.js';

/**
 * The whole printed report: machine, a table and tokenwire's ratios per scenario, a verdict per
 * target, profile summaries, and every error.
 *
 * @example
 * console.log(formatReport({ mode: 'full', machine, scenarios, verdicts, profiles: [], problems: [], durationSeconds: 180 }));
 */
export function formatReport(input: {
  mode: 'full' | 'quick';
  machine: MachineDescription;
  scenarios: readonly ScenarioResult[];
  verdicts: readonly Verdict[];
  profiles: readonly NamedProfileSummary[];
  problems: readonly string[];
  /** Streams baselines dropped past their capacity: shown, not errors (see collectProblems). */
  notes?: readonly string[];
  durationSeconds: number;
}): string {
  const { machine } = input;
  const sections: string[] = [
    [
      `tokenwire bench (${input.mode}): ${machine.cores} × ${machine.cpu}, ${machine.memoryGiB} GiB, Linux ${machine.kernel}`,
      `Node ${machine.node}, nginx ${machine.nginx ?? 'not installed'}, ${Object.entries(
        machine.packages,
      )
        .map(([name, version]) => `${name} ${version}`)
        .join(', ')}, commit ${machine.commit ?? '?'}`,
      machine.pinning
        ? `load process NOT pinned (${machine.pinning}); figures are not per core`
        : 'load (upstream + client) pinned to core 0; each system under test (and nginx) to core 1',
      'latency = arrival at the client − emission at the upstream, per token; CPU = the system process’s user+system s per 1,000 tokens',
      'load % = the load process’s share of core 0; load lag = how long anything waits for the load’s own event loop, on average (≈ 0.5 ms idle); others 0/1 % = share of cores 0 and 1 taken by other processes on the machine (noise)',
    ].join('\n'),
  ];
  for (const scenario of input.scenarios) {
    const lines = [`${scenario.id}: ${scenario.title}`];
    if (scenario.kind === 'load') {
      lines.push(formatLoadTable(scenario.results));
    } else if (scenario.kind === 'resume') {
      lines.push(formatResumeTable(scenario.results));
    } else if (scenario.kind === 'refusal') {
      lines.push(formatRefusalTable(scenario.results));
    } else {
      lines.push(formatSlowReaderTable(scenario.results), '', 'RSS MiB over the run:');
      for (const result of scenario.results) lines.push(formatRssTimeline(result));
    }
    const ratios = formatRatios(scenario);
    if (ratios) lines.push('', ratios);
    for (const failure of scenario.failures) {
      lines.push(`${failure.system}: NOT MEASURED: ${failure.error.split('\n')[0]}`);
    }
    sections.push(lines.join('\n'));
  }
  if (input.verdicts.length > 0) {
    sections.push(
      [
        input.mode === 'quick'
          ? 'Targets (quick sizes are too small to judge them: shown, never failed on)'
          : 'Targets (tokenwire, ratios to node-pipe in this run)',
        formatTable(
          ['scenario', 'target', 'verdict', 'measured'],
          input.verdicts.map((verdict) => [
            verdict.scenario,
            verdict.target,
            verdict.status,
            verdict.measured,
          ]),
          4,
        ),
      ].join('\n'),
    );
  }
  for (const { name, summary } of input.profiles) {
    const categories = (values: Partial<Record<string, number>>) =>
      Object.entries(values)
        .filter(([, value]) => (value ?? 0) >= 0.5)
        .map(([key, value]) => `${key} ${value?.toFixed(1)}%`)
        .join(', ');
    sections.push(
      [
        `Profile ${name}: ${formatFigure(summary.busyMs, 'rate')} ms busy, ${formatFigure(summary.idleMs, 'rate')} ms idle`,
        `self time by origin: ${categories(summary.selfPercent)}`,
        `on the stack (inclusive): ${categories(summary.inclusivePercent)}`,
        formatTable(
          ['function', 'where', 'self %', 'self ms'],
          summary.top.map((entry) => [
            entry.functionName,
            entry.location,
            entry.selfPercent.toFixed(1),
            entry.selfMs.toFixed(0),
          ]),
          2,
        ),
      ].join('\n'),
    );
  }
  if (input.notes !== undefined && input.notes.length > 0) {
    sections.push(
      [
        'Baselines past their capacity (measured, not errors):',
        ...input.notes.map((note) => `- ${note}`),
      ].join('\n'),
    );
  }
  sections.push(
    input.problems.length === 0
      ? `No errors. Finished in ${input.durationSeconds.toFixed(0)} s.`
      : [
          `ERRORS (${input.problems.length}):`,
          ...input.problems.map((problem) => `- ${problem}`),
          `Finished in ${input.durationSeconds.toFixed(0)} s.`,
        ].join('\n'),
  );
  return `${sections.join('\n\n')}\n`;
}
