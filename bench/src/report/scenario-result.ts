import type { LoadShape, ScenarioId } from '../scenarios/scenario.js';
import type { SystemName } from '../systems/system-definition.js';
import type { LoadResult } from './load-result.js';
import type { RefusalResult } from './refusal-result.js';
import type { ResumeResult } from './resume-result.js';
import type { SlowReaderResult } from './slow-reader-result.js';

/** A system that could not be measured at all (it did not start, or the harness failed). */
export interface SystemFailure {
  system: SystemName;
  error: string;
}

interface ScenarioFields {
  id: ScenarioId;
  title: string;
  load: LoadShape;
  failures: SystemFailure[];
}

/** A scenario's rows, one per system that ran it. */
export type ScenarioResult =
  | (ScenarioFields & { kind: 'load'; results: LoadResult[] })
  | (ScenarioFields & { kind: 'slow-reader'; results: SlowReaderResult[] })
  | (ScenarioFields & { kind: 'resume'; results: ResumeResult[] })
  | (ScenarioFields & { kind: 'refusal'; results: RefusalResult[] });
