import type { SystemName } from '../systems/system-definition.js';

/** One reading of S4, taken while every slow reader is open. */
export interface SlowReaderSample {
  /** ms since the readers started. */
  atMs: number;
  rssBytes: number;
  /** Mean per stream: tokens the upstream has written. */
  tokensEmitted: number;
  /** Mean per stream: tokens the slow reader has taken. */
  tokensRead: number;
  /** Body bytes every reader together has taken. */
  bytesRead: number;
  /** `fill`: buffers between upstream and reader still filling; `hold`: full, memory watched. */
  phase: 'fill' | 'hold';
}

/** One system's figures in S4. */
export interface SlowReaderResult {
  system: SystemName;
  streamsOk: number;
  streamsTotal: number;
  /** RSS after the warm-up, before the readers open (median of a few samples). */
  baselineRssBytes: number;
  /** How long the buffers took to fill (the backlog stopped growing). */
  fillMs: number;
  /** False when the backlog still grew at `maxFillMs`: the hold then starts anyway. */
  hasFilled: boolean;
  /** Mean RSS over the hold, every reader open and every buffer full. */
  openRssBytes: number;
  /** (open − baseline) / streams. */
  rssPerStreamBytes: number;
  /** Mean RSS of the hold's last quarter − of its first quarter: what slow readers keep adding. */
  growthBytes: number;
  /** Body bytes the readers took between those two quarters. */
  bytesReadDuringGrowth: number;
  /** growth ÷ bytes read: ≈ 0 when the server forgets what it sent, ≈ 1 when it keeps it. */
  keptFraction: number;
  /** Tokens written but not yet read, per stream, at the end: what sits in buffers between. */
  inFlightTokensPerStream: number;
  /** Growth of that backlog over the hold, per stream. */
  inFlightGrowthPerStream: number;
  isFlat: boolean;
  peakRssBytes: number;
  errors: number;
  errorSamples: string[];
  samples: SlowReaderSample[];
  /** Each round's own figures, when the system was measured in more than one (`combineSlowReaderRounds`). */
  rounds?: Array<Omit<SlowReaderResult, 'rounds'>>;
}
