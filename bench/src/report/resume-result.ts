import type { Interference } from '../proc/measure-interference.js';
import type { Summary } from '../stats/summarize.js';

/** How R1 ran the API: events kept for resume or not, and where. */
export type ResumeVariant = 'resume off' | 'memory' | 'Redis';

/** One variant's figures in R1. */
export interface ResumeResult {
  system: 'tokenwire';
  variant: ResumeVariant;
  /** The env the API was started with on top of its own. */
  env: Record<string, string>;
  /** The load (R1's `load` shape) on a fresh process: CPU and RSS with every stream open at once. */
  streams: number;
  tokensDelivered: number;
  /** The API process's user + system CPU seconds per 1,000 delivered tokens. */
  cpuSecondsPer1000Tokens: number | null;
  /** redis-server's CPU seconds per 1,000 tokens of the load (Redis only). */
  redisCpuSecondsPer1000Tokens: number | null;
  /** The API's peak RSS (VmHWM of a fresh process) after the warm-up and the load, bytes. */
  peakRssBytes: number | null;
  /**
   * Reconnect sent → first replayed event, per resume (memory: on the owner; Redis: on a second
   * replica); null with resume off.
   */
  resumeLatencyMs: Summary | null;
  /** Who else used the two cores during the load: the noise of a shared machine. */
  interference: Interference | undefined;
  errors: number;
  errorSamples: string[];
}
