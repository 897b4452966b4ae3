import type { Upstream } from '../upstream/start-upstream.js';

/** What every scenario run needs from main. */
export interface BenchContext {
  upstream: Upstream;
  /** Core the systems under test (and nginx) are pinned to. */
  serverCore: number;
  nginxTemplatePath: string;
  /** Run systems under `node --cpu-prof`, profiles written here. */
  profileDirectory: string | undefined;
  /** Progress lines (stderr), so stdout keeps only the report. */
  log: (line: string) => void;
}
