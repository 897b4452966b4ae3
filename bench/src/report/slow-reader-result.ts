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
}

/** One system's figures in S4. */
export interface SlowReaderResult {
  system: SystemName;
  streamsOk: number;
  streamsTotal: number;
  /** RSS after the warm-up, before the readers open (mean of a few samples). */
  baselineRssBytes: number;
  /** Mean RSS over the last third of the run, every reader open. */
  openRssBytes: number;
  /** (open − baseline) / streams. */
  rssPerStreamBytes: number;
  /** Mean RSS of the last third − mean RSS of the middle third: what a slow reader keeps adding. */
  growthBytes: number;
  /** Tokens written but not yet read, per stream, at the end: what sits in buffers between. */
  inFlightTokensPerStream: number;
  /** Growth of that backlog from the middle of the run to the end, per stream. */
  inFlightGrowthPerStream: number;
  isFlat: boolean;
  peakRssBytes: number;
  errors: number;
  errorSamples: string[];
  samples: SlowReaderSample[];
}
