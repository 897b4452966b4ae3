/** Lets at most a batch of chats start their upstream call per event-loop turn; see {@link createAdmissionQueue}. */
export interface AdmissionQueue {
  /**
   * True (start now) while nobody waits and fewer than `atOncePerTurn` callers started at once
   * this turn, within its batch. False: call {@link AdmissionQueue.admit} and wait.
   */
  tryEnter(): boolean;
  /** Resolves in a later check phase of the event loop, when this caller's batch comes. */
  admit(): Promise<void>;
  /** Callers waiting for their turn. */
  readonly waiting: number;
}

/**
 * Paces the start of upstream calls: at most `perTurn` start per event-loop turn, in arrival
 * order, and of those at most `atOncePerTurn` at once, the moment they arrive. Starting an
 * upstream call costs a request to build and a socket write, a few hundred µs; in a burst of new
 * chats (a reconnect storm after a deploy, the S3 benchmark's 1,000 at once), letting all of them
 * through in one turn would hold the tokens of the streams already running behind all of that
 * work. Past the batch, callers wait for the check phase, after the
 * I/O already waiting, so those tokens are written between batches.
 *
 * Steady traffic and a quiet server bring a few chats per turn: those start at once. Waiting for
 * the check phase cost every chat the rest of the turn's I/O, 5 ms at the median and 16 ms at
 * p90 with 1,000 streams open and 200 new chats a second (S7). In a burst only the first few
 * do: with all of a batch of 256 starting at once, S3's p99 added latency doubled.
 *
 * @example
 * const admission = createAdmissionQueue(256, 16);
 * if (!admission.tryEnter()) await admission.admit();
 * await generation.connect();
 */
export function createAdmissionQueue(perTurn: number, atOncePerTurn = 0): AdmissionQueue {
  if (!Number.isInteger(perTurn) || perTurn < 1) {
    throw new RangeError(`perTurn must be a positive integer, got ${perTurn}.`);
  }
  if (!Number.isInteger(atOncePerTurn) || atOncePerTurn < 0 || atOncePerTurn > perTurn) {
    throw new RangeError(
      `atOncePerTurn must be an integer from 0 to perTurn (${perTurn}), got ${atOncePerTurn}.`,
    );
  }
  const waiting: Array<() => void> = [];
  // Starts since the last check phase, and how many of them were at once; the check phase
  // resets both and lets the next batch in.
  let startedThisTurn = 0;
  let startedAtOnce = 0;
  let isScheduled = false;
  const schedule = () => {
    if (isScheduled) return;
    isScheduled = true;
    setImmediate(onCheckPhase);
  };
  const onCheckPhase = () => {
    isScheduled = false;
    startedAtOnce = 0;
    const batch = waiting.splice(0, perTurn);
    startedThisTurn = batch.length;
    // An immediate queued while immediates run waits for the next turn: I/O goes first. It also
    // closes this batch's turn, so that starts then count against it.
    if (startedThisTurn > 0) schedule();
    for (const resolve of batch) resolve();
  };
  return {
    tryEnter() {
      if (waiting.length > 0 || startedAtOnce >= atOncePerTurn || startedThisTurn >= perTurn) {
        return false;
      }
      startedAtOnce++;
      startedThisTurn++;
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
  };
}
