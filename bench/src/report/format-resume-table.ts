import { formatFigure } from './format-figure.js';
import { formatTable } from './format-table.js';
import { ratio } from './ratio.js';
import type { ResumeResult } from './resume-result.js';

/**
 * R1's table: per variant, resume latency, CPU per token and peak RSS, and each figure as a ratio
 * to resume off in the same run (the cost of keeping events), RSS also as extra bytes per open
 * stream.
 *
 * @example
 * console.log(formatResumeTable(scenario.results));
 */
export function formatResumeTable(results: readonly ResumeResult[]): string {
  const off = results.find((result) => result.variant === 'resume off');
  const rssPerStream = (result: ResumeResult) =>
    result.peakRssBytes === null || off?.peakRssBytes == null
      ? Number.NaN
      : (result.peakRssBytes - off.peakRssBytes) / result.streams;
  return [
    formatTable(
      [
        'variant',
        'resumes',
        'resume p50 ms',
        'resume p99 ms',
        'CPU s/1k tok',
        'redis CPU',
        'peak RSS MiB',
        'CPU ÷ off',
        'RSS ÷ off',
        '+RSS/stream B',
        'others 0/1 %',
      ],
      results.map((result) => [
        result.variant,
        formatFigure(result.resumeLatencyMs?.count ?? null, 'count'),
        formatFigure(result.resumeLatencyMs?.p50 ?? null, 'ms'),
        formatFigure(result.resumeLatencyMs?.p99 ?? null, 'ms'),
        formatFigure(result.cpuSecondsPer1000Tokens, 'cpu'),
        formatFigure(result.redisCpuSecondsPer1000Tokens, 'cpu'),
        formatFigure(result.peakRssBytes, 'mib'),
        formatFigure(ratio(result.cpuSecondsPer1000Tokens, off?.cpuSecondsPer1000Tokens), 'ratio'),
        formatFigure(ratio(result.peakRssBytes, off?.peakRssBytes), 'ratio'),
        result === off ? '—' : formatFigure(rssPerStream(result), 'bytes'),
        result.interference
          ? `${result.interference.loadCoreOtherPercent.toFixed(0)}/${result.interference.serverCoreOtherPercent.toFixed(0)}`
          : '—',
      ]),
    ),
    'resume = reconnect sent → first replayed event (memory: on the owner; Redis: on a second replica); CPU = the API process; redis CPU = redis-server, s per 1,000 tokens; others = share of cores 0/1 other processes took during the load',
  ].join('\n');
}
