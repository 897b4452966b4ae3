import { formatFigure } from './format-figure.js';
import { formatTable } from './format-table.js';
import type { LoadResult } from './load-result.js';

/**
 * One load scenario's table: a row per system. `p99 in+out` cuts the first token's time where
 * the upstream wrote it (the request's way in, the token's way out); `busiest s` is the load
 * core's and the server core's busiest second: at 100 %, what arrived then queued; `probe µs`
 * is how long each core took for the speed probe's fixed unit of work: higher, a slower machine.
 *
 * @example
 * console.log(formatLoadTable(results));
 */
export function formatLoadTable(results: readonly LoadResult[]): string {
  return formatTable(
    [
      'system',
      'streams ok',
      'tokens',
      'lat p50 ms',
      'lat p99 ms',
      'lat max ms',
      'TTFT p50 ms',
      'TTFT p99 ms',
      'p99 in+out ms',
      'tok/s',
      'B/tok',
      'CPU s/1k tok',
      'loop s/1k',
      'peak RSS MiB',
      'peak open',
      'KiB/open',
      'load %',
      'load lag ms',
      'busiest s 0/1 %',
      'probe µs 0/1',
      'others 0/1 %',
      'errors',
    ],
    results.map((result) => [
      result.system,
      `${result.streamsOk}/${result.streamsTotal}`,
      `${formatFigure(result.tokensDelivered, 'count')}`,
      formatFigure(result.latencyMs.p50, 'ms'),
      formatFigure(result.latencyMs.p99, 'ms'),
      formatFigure(result.latencyMs.max, 'ms'),
      formatFigure(result.ttftMs.p50, 'ms'),
      formatFigure(result.ttftMs.p99, 'ms'),
      result.ttftLegsMs
        ? `${formatFigure(result.ttftLegsMs.toUpstream.p99, 'ms')}+${formatFigure(result.ttftLegsMs.fromUpstream.p99, 'ms')}`
        : '—',
      formatFigure(result.tokensPerSecond, 'rate'),
      formatFigure(result.wireBytesPerToken, 'bytes'),
      formatFigure(result.cpuSecondsPer1000Tokens, 'cpu'),
      formatFigure(result.loopCpuSecondsPer1000Tokens, 'cpu'),
      formatFigure(result.peakRssBytes, 'mib'),
      formatFigure(result.peakOpenStreams, 'count'),
      formatFigure(
        result.rssPerOpenStreamBytes === null ? null : result.rssPerOpenStreamBytes / 1024,
        'rate',
      ),
      formatFigure(result.interference?.loadProcessPercent, 'count'),
      formatFigure(result.loadLoop?.lagMs, 'ms'),
      result.busiestSecond
        ? `${formatFigure(result.busiestSecond.loadCorePercent, 'count')}/${formatFigure(result.busiestSecond.serverCorePercent, 'count')}`
        : '—',
      result.coreSpeed
        ? `${formatFigure(result.coreSpeed.loadCoreUnitMicros, 'count')}/${formatFigure(result.coreSpeed.serverCoreUnitMicros, 'count')}`
        : '—',
      result.interference
        ? `${formatFigure(result.interference.loadCoreOtherPercent, 'count')}/${formatFigure(result.interference.serverCoreOtherPercent, 'count')}${runsNote(result)}`
        : '—',
      String(result.errors),
    ]),
  );
}

/** How a row was measured, when not in one go: rounds (medians) and measurements retaken. */
function runsNote(result: LoadResult): string {
  const rounds = result.rounds?.length ?? 1;
  if (rounds > 1)
    return ` (median of ${rounds} rounds${result.attempts > rounds ? `, ${result.attempts} runs` : ''})`;
  return result.attempts > 1 ? ` (${result.attempts} runs)` : '';
}
