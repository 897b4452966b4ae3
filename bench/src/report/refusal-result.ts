import type { SystemName } from '../systems/system-definition.js';

/** One system's figures in S8: streams offered past what its open-file limit can hold. */
export interface RefusalResult {
  system: SystemName;
  /** The process's open-file limit (soft and hard). */
  openFileLimit: number;
  offered: number;
  /** Streams that delivered every token. */
  completed: number;
  /** Clean refusals: 503 before the first byte, a JSON `server_busy` error and `Retry-After`. */
  refused: number;
  /** Anything else: resets, 502s, timeouts, streams cut short. */
  failed: number;
  /** Milliseconds from request to the refusal's answer, median and worst. */
  refusalMs: { p50: number; max: number };
  /** The first few distinct failures. */
  failureSamples: string[];
}
