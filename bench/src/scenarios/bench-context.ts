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
  /** Measurements disturbed by other processes are taken up to this many times (1: never again). */
  maxAttempts: number;
  /** `performance.now()` after which no measurement is taken again, to bound the run's length. */
  retryDeadline: number;
  /** Progress lines (stderr), so stdout keeps only the report. */
  log: (line: string) => void;
}
