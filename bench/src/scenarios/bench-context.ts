import type { CoreSpeedWatch } from '../proc/watch-core-speed.js';
import type { Upstream } from '../upstream/start-upstream.js';

/** What every scenario run needs from main. */
export interface BenchContext {
  upstream: Upstream;
  /** Core the load process (upstream and client) is pinned to. */
  loadCore: number;
  /** Core the systems under test (and nginx) are pinned to. */
  serverCore: number;
  nginxTemplatePath: string;
  /** Run systems under `node --cpu-prof`, profiles written here. */
  profileDirectory: string | undefined;
  /** Node/V8 flags every system under test starts with (`--system-flags`); empty by default. */
  systemFlags: readonly string[];
  /**
   * Measurements disturbed by other processes, or taken while a core ran slow, are taken up to
   * this many times (1: never again).
   */
  maxAttempts: number;
  /** What measuring again may still add to the run, in ms; each retaken measurement uses it up. */
  retryBudget: { remainingMs: number };
  /** The speed probes on the load and server cores; absent when they could not start. */
  coreSpeed?: CoreSpeedWatch | undefined;
  /** Progress lines (stderr), so stdout keeps only the report. */
  log: (line: string) => void;
}
