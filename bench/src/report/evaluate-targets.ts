import type { ScenarioId } from '../scenarios/scenario.js';
import { median } from '../stats/median.js';
import type { SystemName } from '../systems/system-definition.js';
import { formatFigure } from './format-figure.js';
import type { LoadResult } from './load-result.js';
import { ratio } from './ratio.js';
import type { ScenarioResult } from './scenario-result.js';
import type { SlowReaderResult } from './slow-reader-result.js';
import { FLAT_TOLERANCE_BYTES, FLAT_TOLERANCE_FRACTION } from './summarize-slow-reader.js';

/** One target of issue 8, judged on one run. */
export interface Verdict {
  scenario: ScenarioId;
  target: string;
  /** What was measured, e.g. `1.21× (0.058 vs 0.048 s/1k tok)`. */
  measured: string;
  /** `n/a` when the run lacks a figure the target needs (a scenario or system left out). */
  status: 'met' | 'missed' | 'n/a';
}

/**
 * Judges tokenwire against the targets, each a ratio to node-pipe in the same run (S5: to S2's
 * own p99 + 2 ms). When both were measured in the same number of rounds, a ratio is the median
 * of the rounds' own ratios (round i of tokenwire against round i of node-pipe, taken next to
 * each other), so one disturbed round cannot decide a verdict.
 *
 * @example
 * for (const verdict of evaluateTargets(results)) console.log(verdict.status, verdict.target);
 */
export function evaluateTargets(scenarios: readonly ScenarioResult[]): Verdict[] {
  const load = (id: ScenarioId, system: SystemName): LoadResult | undefined => {
    const scenario = scenarios.find((candidate) => candidate.id === id);
    return scenario?.kind === 'load'
      ? scenario.results.find((result) => result.system === system)
      : undefined;
  };
  const slow = (system: SystemName): SlowReaderResult | undefined => {
    const scenario = scenarios.find((candidate) => candidate.id === 'S4');
    return scenario?.kind === 'slow-reader'
      ? scenario.results.find((result) => result.system === system)
      : undefined;
  };
  const verdicts: Verdict[] = [];
  const judgeRatio = <Row extends object>(
    scenario: ScenarioId,
    target: string,
    rows: { tokenwire: Row | undefined; nodePipe: Row | undefined },
    figure: (row: Row) => number | null | undefined,
    limit: number,
    unit: (value: number | null | undefined) => string,
  ) => {
    const { tokenwire, nodePipe } = rows;
    const of = (row: Row | undefined) => (row === undefined ? undefined : figure(row));
    // Load and slow-reader rows measured in more than one round keep them.
    const roundsOf = (row: Row | undefined) =>
      (row as { rounds?: readonly Row[] } | undefined)?.rounds ?? [];
    const tokenwireRounds = roundsOf(tokenwire);
    const nodePipeRounds = roundsOf(nodePipe);
    const roundRatios =
      tokenwireRounds.length > 1 && tokenwireRounds.length === nodePipeRounds.length
        ? tokenwireRounds.map((round, index) =>
            ratio(figure(round), figure(nodePipeRounds[index] as Row)),
          )
        : [];
    const value = roundRatios.length > 0 ? median(roundRatios) : ratio(of(tokenwire), of(nodePipe));
    const rounds =
      roundRatios.length > 0
        ? `median of ${roundRatios.length} rounds: ${roundRatios.map((each) => formatFigure(each, 'ratio')).join(', ')}; `
        : '';
    verdicts.push({
      scenario,
      target,
      measured: Number.isNaN(value)
        ? 'missing figures'
        : `${formatFigure(value, 'ratio')} (${rounds}${unit(of(tokenwire))} vs ${unit(of(nodePipe))})`,
      status: Number.isNaN(value) ? 'n/a' : value <= limit ? 'met' : 'missed',
    });
  };
  const ms = (value: number | null | undefined) => `${formatFigure(value, 'ms')} ms`;
  const cpu = (value: number | null | undefined) => `${formatFigure(value, 'cpu')} s/1k tok`;
  const kib = (value: number | null | undefined) =>
    `${formatFigure(value === null || value === undefined ? value : value / 1024, 'rate')} KiB`;

  const s2 = { tokenwire: load('S2', 'tokenwire'), nodePipe: load('S2', 'node-pipe') };
  judgeRatio(
    'S2',
    'CPU per token ≤ 1.5× node-pipe',
    s2,
    (row) => row.cpuSecondsPer1000Tokens,
    1.5,
    cpu,
  );
  judgeRatio('S2', 'p99 added latency ≤ 2× node-pipe', s2, (row) => row.latencyMs.p99, 2, ms);

  const completes = (id: ScenarioId, row: LoadResult | undefined) =>
    verdicts.push({
      scenario: id,
      target: 'every stream completes',
      measured: row
        ? `${row.streamsOk}/${row.streamsTotal} streams, ${row.tokensDelivered}/${row.tokensExpected} tokens`
        : 'missing figures',
      status: !row
        ? 'n/a'
        : row.errors === 0 && row.tokensDelivered === row.tokensExpected
          ? 'met'
          : 'missed',
    });

  const s3 = { tokenwire: load('S3', 'tokenwire'), nodePipe: load('S3', 'node-pipe') };
  completes('S3', s3.tokenwire);
  judgeRatio('S3', 'TTFT p99 ≤ 2× node-pipe', s3, (row) => row.ttftMs.p99, 2, ms);
  judgeRatio('S3', 'p99 added latency ≤ 2× node-pipe', s3, (row) => row.latencyMs.p99, 2, ms);

  const s4 = { tokenwire: slow('tokenwire'), nodePipe: slow('node-pipe') };
  judgeRatio(
    'S4',
    'RSS per open stream ≤ 1.5× node-pipe',
    s4,
    (row) => row.rssPerStreamBytes,
    1.5,
    kib,
  );
  verdicts.push({
    scenario: 'S4',
    target: 'a slow reader holds memory flat',
    measured: s4.tokenwire
      ? `RSS +${formatFigure(s4.tokenwire.growthBytes, 'mib')} MiB over the hold while readers took ${formatFigure(s4.tokenwire.bytesReadDuringGrowth, 'mib')} MiB (kept ${(s4.tokenwire.keptFraction * 100).toFixed(0)}%; flat: ≤ ${formatFigure(FLAT_TOLERANCE_BYTES, 'mib')} MiB or ${FLAT_TOLERANCE_FRACTION * 100}%); backlog ${formatFigure(s4.tokenwire.inFlightGrowthPerStream, 'count')} tokens/stream${s4.tokenwire.hasFilled ? '' : '; buffers never filled'}`
      : 'missing figures',
    status: !s4.tokenwire ? 'n/a' : s4.tokenwire.isFlat ? 'met' : 'missed',
  });

  const s5 = load('S5', 'tokenwire');
  const s5Limit = s2.tokenwire ? s2.tokenwire.latencyMs.p99 + 2 : Number.NaN;
  verdicts.push({
    scenario: 'S5',
    target: "p99 added latency through nginx ≤ S2's + 2 ms",
    measured:
      s5 && s2.tokenwire
        ? `${ms(s5.latencyMs.p99)} vs ${ms(s5Limit)} (S2 ${ms(s2.tokenwire.latencyMs.p99)} + 2)`
        : 'missing figures',
    status: !s5 || Number.isNaN(s5Limit) ? 'n/a' : s5.latencyMs.p99 <= s5Limit ? 'met' : 'missed',
  });
  const mib = (value: number | null | undefined) => `${formatFigure(value, 'mib')} MiB`;
  const s6 = { tokenwire: load('S6', 'tokenwire'), nodePipe: load('S6', 'node-pipe') };
  completes('S6', s6.tokenwire);
  judgeRatio('S6', 'TTFT p99 ≤ 2× node-pipe', s6, (row) => row.ttftMs.p99, 2, ms);
  judgeRatio(
    'S6',
    'CPU per token ≤ 1.5× node-pipe',
    s6,
    (row) => row.cpuSecondsPer1000Tokens,
    1.5,
    cpu,
  );
  judgeRatio(
    'S6',
    'RSS per open stream ≤ 1.5× node-pipe',
    s6,
    (row) => row.rssPerOpenStreamBytes,
    1.5,
    kib,
  );
  verdicts.push({
    scenario: 'S6',
    target: 'under 1 GB in all',
    measured: s6.tokenwire
      ? `peak RSS ${mib(s6.tokenwire.peakRssBytes)} with ${s6.tokenwire.peakOpenStreams} streams open`
      : 'missing figures',
    status:
      s6.tokenwire?.peakRssBytes === null || s6.tokenwire === undefined
        ? 'n/a'
        : s6.tokenwire.peakRssBytes < 1e9
          ? 'met'
          : 'missed',
  });

  const s7 = { tokenwire: load('S7', 'tokenwire'), nodePipe: load('S7', 'node-pipe') };
  completes('S7', s7.tokenwire);
  judgeRatio('S7', 'TTFT p50 ≤ 2× node-pipe', s7, (row) => row.ttftMs.p50, 2, ms);
  judgeRatio('S7', 'TTFT p99 ≤ 2× node-pipe', s7, (row) => row.ttftMs.p99, 2, ms);
  judgeRatio('S7', 'p99 added latency ≤ 2× node-pipe', s7, (row) => row.latencyMs.p99, 2, ms);

  // S9: a provider over TLS and 20 ms away, every chat on a new connection. A first token there
  // waits for a handshake unless the connection was opened ahead: the upstream pool's spares.
  const s9 = { tokenwire: load('S9', 'tokenwire'), nodePipe: load('S9', 'node-pipe') };
  completes('S9', s9.tokenwire);
  judgeRatio('S9', 'TTFT p50 ≤ node-pipe', s9, (row) => row.ttftMs.p50, 1, ms);
  judgeRatio('S9', 'TTFT p99 ≤ 2× node-pipe', s9, (row) => row.ttftMs.p99, 2, ms);

  const s8 = scenarios.find((candidate) => candidate.id === 'S8');
  const refusals = s8?.kind === 'refusal' ? s8.results : [];
  const s8Tokenwire = refusals.find((result) => result.system === 'tokenwire');
  const s8NodePipe = refusals.find((result) => result.system === 'node-pipe');
  verdicts.push({
    scenario: 'S8',
    target: 'out of descriptors: a clean 503 refusal, never a 502 or a reset',
    measured: s8Tokenwire
      ? `${s8Tokenwire.completed} completed, ${s8Tokenwire.refused} refused (503 server_busy, Retry-After), ${s8Tokenwire.failed} failed of ${s8Tokenwire.offered}${s8NodePipe ? `; node-pipe: ${s8NodePipe.completed} completed, ${s8NodePipe.failed} failed` : ''}`
      : 'missing figures',
    status: !s8Tokenwire
      ? 'n/a'
      : s8Tokenwire.failed === 0 &&
          s8Tokenwire.refused > 0 &&
          s8Tokenwire.completed + s8Tokenwire.refused === s8Tokenwire.offered
        ? 'met'
        : 'missed',
  });
  return verdicts;
}
