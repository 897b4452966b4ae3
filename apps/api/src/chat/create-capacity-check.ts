import type { Logger } from 'pino';
import { ApiError } from '../http/api-error.js';
import type { ServerState } from '../server/server-state.js';
import type { HeapGuard } from './create-heap-guard.js';

/** What {@link createCapacityCheck} needs. */
export interface CapacityCheckOptions {
  state: ServerState;
  /** `MAX_OPEN_STREAMS`. */
  maxOpenStreams: number;
  /** `MAX_HEAP_FRACTION`'s guard. */
  heap: HeapGuard;
  logger: Logger;
}

/** While the heap stays full, one warning line per this long, however many streams are refused. */
const HEAP_WARNING_INTERVAL_MS = 10_000;

// A stream refused before its first byte is a 503 the client retries; past it, running out of
// descriptors fails the stream later, and running out of heap kills the process with every
// stream open: resets the client cannot tell from a crash.
const busyError = () =>
  new ApiError(503, 'server_busy', 'The server is at capacity; please retry shortly.', {
    retryable: true,
    retryAfterSeconds: 1,
  });

/**
 * Creates the check every new stream (chat or resume) passes before its first byte: fewer than
 * `MAX_OPEN_STREAMS` open, and the heap under `MAX_HEAP_FRACTION` of its limit. Otherwise it
 * throws 503 `server_busy` with `Retry-After: 1`; a refusal for the heap also logs a warning, at
 * most one per interval, counting the streams refused since the last.
 *
 * @example
 * const checkCapacity = createCapacityCheck({ state, maxOpenStreams: 1_000, heap: createHeapGuard({ maxFraction: 0.9 }), logger });
 * checkCapacity(); // throws ApiError server_busy when full
 */
export function createCapacityCheck(options: CapacityCheckOptions): () => void {
  const { state, maxOpenStreams, heap, logger } = options;
  let lastWarningAt = Number.NEGATIVE_INFINITY;
  let refusedSinceWarning = 0;
  return () => {
    if (state.activeChats.size >= maxOpenStreams) throw busyError();
    if (!heap.isPastLimit()) return;
    refusedSinceWarning++;
    const now = performance.now();
    if (now - lastWarningAt >= HEAP_WARNING_INTERVAL_MS) {
      logger.warn(
        {
          heapUsedBytes: heap.readUsedBytes(),
          heapLimitBytes: Math.round(heap.limitBytes),
          refusedStreams: refusedSinceWarning,
        },
        'heap past MAX_HEAP_FRACTION of its limit: refusing new streams with 503 server_busy',
      );
      lastWarningAt = now;
      refusedSinceWarning = 0;
    }
    throw busyError();
  };
}
