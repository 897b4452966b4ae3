import type { Interference } from '../proc/measure-interference.js';
import type { LoadLoopFigures } from '../proc/watch-load-loop.js';
import type { Summary } from '../stats/summarize.js';
import type { SystemName } from '../systems/system-definition.js';
import type { CoreSpeed } from './core-slowdown.js';

/** One system's figures in one load scenario (S1, S2, S3, S5). */
export interface LoadResult {
  system: SystemName;
  streamsOk: number;
  streamsTotal: number;
  tokensExpected: number;
  tokensDelivered: number;
  /** Arrival at the client − emission at the upstream, per token, in ms. */
  latencyMs: Summary;
  /** Request sent → first token arrived, per stream, in ms. */
  ttftMs: Summary;
  /**
   * The same time in its two legs, cut where the upstream wrote the first token: request sent →
   * written (the request's way through the system, and the load's own queue), and written →
   * arrived (the token's way back). Absent when the plans recorded no emission times.
   */
  ttftLegsMs?: { toUpstream: Summary; fromUpstream: Summary } | undefined;
  /** Tokens delivered / (last stream end − first request). */
  tokensPerSecond: number;
  /** Response bytes the client's sockets read (headers and chunked framing included) per token. */
  wireBytesPerToken: number;
  /** The system's user + system CPU seconds per 1,000 delivered tokens; null for `direct`. */
  cpuSecondsPer1000Tokens: number | null;
  /**
   * Of that, the main thread's alone (the event loop, which every request and token waits for);
   * null for `direct` or when the kernel has no per-thread schedstat.
   */
  loopCpuSecondsPer1000Tokens: number | null;
  /** The system's peak RSS (VmHWM of a fresh process), bytes; null for `direct`. */
  peakRssBytes: number | null;
  /** The system's RSS just before the measured load (after the warm-up), bytes; null for `direct`. */
  baselineRssBytes: number | null;
  /** Most streams open at once, from the client's request and end times. */
  peakOpenStreams: number;
  /** (Peak RSS − baseline RSS) / peak open streams: what one more open stream costs (S6). */
  rssPerOpenStreamBytes: number | null;
  /** Measurements taken (the quietest is kept); see noiseScore. */
  attempts: number;
  /** Who else used the two cores meanwhile: the noise of a shared machine. */
  interference: Interference | undefined;
  /**
   * The load process's own event loop over the measured load: when its lag is tens of ms, the
   * latencies of every system in the row measure the load as much as the system.
   */
  loadLoop: LoadLoopFigures | undefined;
  /**
   * The busiest second of the load core and of the server core during the measured load, in %:
   * a core at 100 % for a second queued whatever arrived then (see watchBusiestSecond).
   */
  busiestSecond?: { loadCorePercent: number; serverCorePercent: number } | undefined;
  /**
   * How fast the two cores ran during the measured load: the speed probe's median time for its
   * fixed unit of work on each (see startCoreSpeedWatch). Higher is slower.
   */
  coreSpeed?: CoreSpeed | undefined;
  errors: number;
  /** The first few distinct error messages. */
  errorSamples: string[];
  /**
   * When the system was measured in several rounds (S2 and S3 of a full run): each round's own
   * figures, in the order taken; the figures above are then their medians (see combineRounds).
   */
  rounds?: LoadResult[];
}
