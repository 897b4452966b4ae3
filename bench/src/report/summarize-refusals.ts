import type { StreamOutcome } from '../client/start-stream.js';
import { percentile } from '../stats/percentile.js';
import type { SystemName } from '../systems/system-definition.js';
import type { RefusalResult } from './refusal-result.js';

const SAMPLES = 5;

/**
 * Sorts S8's outcomes into completed streams, clean refusals (503, JSON code `server_busy`,
 * `Retry-After`, before the first byte) and everything else.
 *
 * @example
 * const row = summarizeRefusals('tokenwire', 1024, outcomes);
 * row.failed; // 0 when every stream either completed or was cleanly refused
 */
export function summarizeRefusals(
  system: SystemName,
  openFileLimit: number,
  outcomes: readonly StreamOutcome[],
): RefusalResult {
  let completed = 0;
  const refusalMs: number[] = [];
  const failures = new Set<string>();
  let failed = 0;
  for (const outcome of outcomes) {
    if (outcome.isOk) {
      completed++;
    } else if (isCleanRefusal(outcome)) {
      refusalMs.push((outcome.endedAt ?? Number.NaN) - outcome.requestedAt);
    } else {
      failed++;
      if (failures.size < SAMPLES) failures.add(outcome.error ?? 'unknown');
    }
  }
  refusalMs.sort((a, b) => a - b);
  return {
    system,
    openFileLimit,
    offered: outcomes.length,
    completed,
    refused: refusalMs.length,
    failed,
    refusalMs: {
      p50: percentile(refusalMs, 50),
      max: refusalMs.at(-1) ?? Number.NaN,
    },
    failureSamples: [...failures],
  };
}

function isCleanRefusal(outcome: StreamOutcome): boolean {
  if (outcome.status !== 503 || outcome.received > 0 || outcome.retryAfter === undefined) {
    return false;
  }
  try {
    const body = JSON.parse(outcome.errorBody ?? '') as { error?: { code?: unknown } };
    return body.error?.code === 'server_busy';
  } catch {
    return false;
  }
}
