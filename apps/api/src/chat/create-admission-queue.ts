/** How much of each event-loop turn starting chats may take; see {@link createAdmissionQueue}. */
export interface AdmissionBudget {
  /** Milliseconds of chat starts per loop turn, at once and in the check phase together. */
  turnMs: number;
  /** Of those, milliseconds for chats that start the moment they arrive (at most `turnMs`). */
  atOnceMs: number;
  /** What one start is taken to cost until a batch has been timed. Default 0.3 ms. */
  initialStartMs?: number;
}

/** Options for {@link createAdmissionQueue}. */
export interface AdmissionQueueOptions {
  /**
   * Runs in the check phase before each batch of starts: `flushFrameWrites`, so that the frames
   * the turn's reads queued for the check phase leave before the batch rather than after it.
   */
  beforeBatch?: (() => void) | undefined;
}

/** Lets chats start their upstream call within a time budget per event-loop turn; see {@link createAdmissionQueue}. */
export interface AdmissionQueue {
  /**
   * True (start now) while nobody waits and the chats started at once this turn fit in
   * `atOnceMs`, within the turn's budget. False: call {@link AdmissionQueue.admit} and wait.
   */
  tryEnter(): boolean;
  /** Resolves in a later check phase of the event loop, when this caller's batch comes. */
  admit(): Promise<void>;
  /** Callers waiting for their turn. */
  readonly waiting: number;
  /** What one start costs, in ms: a moving average over the batches timed so far. */
  readonly startMs: number;
}

/**
 * Weight of one timed start in the moving average of a start's cost: a batch of n weighs
 * 1 − 0.9ⁿ, so a lone start moves the estimate a little and a batch of 30 mostly replaces it.
 */
const START_COST_WEIGHT = 0.1;

/**
 * Paces the start of upstream calls by the time they take: per event-loop turn, chats start
 * until `turnMs` is spent, in arrival order, and of those, chats start the moment they arrive
 * until `atOnceMs` is spent. Starting an upstream call costs a request to build and a
 * socket write, a few hundred µs; in a burst of new chats (a reconnect storm after a deploy, the
 * S3 benchmark's 1,000 at once), letting all of them through in one turn would hold the tokens
 * of the streams already running behind all of that work. Past the budget, callers wait for the
 * check phase, after the I/O already waiting, so those tokens are written between batches.
 *
 * A budget in time rather than a count holds whatever one start costs on this machine, with
 * this SDK, at this load: each batch is timed, from the check phase to the end of the
 * microtasks its starts queue, and a moving average of the cost per start converts the budget
 * into the size of the next batch and the number of chats let in at once. At least one chat
 * starts per turn, however slow a start is.
 *
 * Steady traffic and a quiet server bring a few chats per turn: those start at once, since
 * waiting for the check phase would cost every chat the rest of the turn's I/O (BENCHMARKS.md,
 * `f8c99ad`).
 *
 * The streams' frames wait for the check phase too (`writeBatching: 'turn'`), in an immediate
 * queued after this queue's: `beforeBatch` sends them first.
 *
 * @example
 * const admission = createAdmissionQueue({ turnMs: 8, atOnceMs: 1 }, { beforeBatch: flushFrameWrites });
 * if (!admission.tryEnter()) await admission.admit();
 * await generation.connect();
 */
export function createAdmissionQueue(
  budget: AdmissionBudget,
  options: AdmissionQueueOptions = {},
): AdmissionQueue {
  const { turnMs, atOnceMs, initialStartMs = 0.3 } = budget;
  const { beforeBatch } = options;
  if (!(Number.isFinite(turnMs) && turnMs > 0)) {
    throw new RangeError(`turnMs must be a positive number of milliseconds, got ${turnMs}.`);
  }
  if (!(Number.isFinite(atOnceMs) && atOnceMs >= 0 && atOnceMs <= turnMs)) {
    throw new RangeError(`atOnceMs must be from 0 to turnMs (${turnMs}), got ${atOnceMs}.`);
  }
  if (!(Number.isFinite(initialStartMs) && initialStartMs > 0)) {
    throw new RangeError(`initialStartMs must be a positive number, got ${initialStartMs}.`);
  }
  const waiting: Array<() => void> = [];
  let startMs = initialStartMs;
  // Time taken this turn, as starts times their estimated cost: by the chats let in at once,
  // and by all of this turn's starts. The check phase resets both and lets the next batch in.
  let spentThisTurn = 0;
  let spentAtOnce = 0;
  let isScheduled = false;
  let batchStartedAt = 0;
  let batchSize = 0;
  const schedule = () => {
    if (isScheduled) return;
    isScheduled = true;
    // Two immediates queued together run in the same check phase, one after the other, with
    // the microtasks of the first drained in between: the second times the first's batch.
    setImmediate(onCheckPhase);
    setImmediate(onBatchStarted);
  };
  const onCheckPhase = () => {
    isScheduled = false;
    spentAtOnce = 0;
    spentThisTurn = 0;
    batchSize = 0;
    while (batchSize < waiting.length && spentThisTurn < turnMs) {
      batchSize++;
      spentThisTurn += startMs;
    }
    // An immediate queued while immediates run waits for the next turn: I/O goes first. It also
    // closes this batch's turn, so that starts then count against it.
    if (batchSize === 0) return;
    schedule();
    beforeBatch?.();
    batchStartedAt = performance.now();
    for (const resolve of waiting.splice(0, batchSize)) resolve();
  };
  const onBatchStarted = () => {
    if (batchSize === 0) return;
    const perStart = (performance.now() - batchStartedAt) / batchSize;
    startMs += (1 - (1 - START_COST_WEIGHT) ** batchSize) * (perStart - startMs);
    batchSize = 0;
  };
  return {
    tryEnter() {
      if (waiting.length > 0 || spentAtOnce >= atOnceMs || spentThisTurn >= turnMs) {
        return false;
      }
      spentAtOnce += startMs;
      spentThisTurn += startMs;
      schedule();
      return true;
    },
    admit() {
      return new Promise((resolve) => {
        waiting.push(resolve);
        schedule();
      });
    },
    get waiting() {
      return waiting.length;
    },
    get startMs() {
      return startMs;
    },
  };
}
